import { create } from 'zustand'
import { createAdminSlice, type AdminSlice } from './admin-slice'
import { createAppSlice, type AppSlice } from './app-slice'
import { createAuditSlice, type AuditSlice } from './audit-slice'
import { createChartsSlice, type ChartsSlice } from './charts-slice'
import { createEntrySlice, type EntrySlice } from './entry-slice'
import { createNavigationSlice, type NavigationSlice } from './navigation-slice'
import { createPatientsSlice, type PatientsSlice } from './patients-slice'
import { createRecordsSlice, type RecordsSlice } from './records-slice'
import { createSessionSlice, type SessionSlice } from './session-slice'
import { createStatusSlice, type StatusSlice } from './status-slice'
import { createTemplatesSlice, type TemplatesSlice } from './templates-slice'

/** The renderer's state: one slice per feature, combined here. */
export type Store = AppSlice &
  SessionSlice &
  NavigationSlice &
  StatusSlice &
  PatientsSlice &
  RecordsSlice &
  AdminSlice &
  TemplatesSlice &
  EntrySlice &
  ChartsSlice &
  AuditSlice

/** Builds a store; screens use {@link useStore}, tests build their own. */
export function createStore() {
  return create<Store>()((...args) => ({
    ...createAppSlice(...args),
    ...createSessionSlice(...args),
    ...createNavigationSlice(...args),
    ...createStatusSlice(...args),
    ...createPatientsSlice(...args),
    ...createRecordsSlice(...args),
    ...createAdminSlice(...args),
    ...createTemplatesSlice(...args),
    ...createEntrySlice(...args),
    ...createChartsSlice(...args),
    ...createAuditSlice(...args)
  }))
}

export const useStore = createStore()
