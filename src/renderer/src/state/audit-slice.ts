import type { StateCreator } from 'zustand'
import type { Store } from './store'

/** The audit screens' state. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AuditSlice {}

export const createAuditSlice: StateCreator<Store, [], [], AuditSlice> = () => ({})
