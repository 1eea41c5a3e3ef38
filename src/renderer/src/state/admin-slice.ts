import type { StateCreator } from 'zustand'
import { NOT_LOADED } from './admin-load'
import { createAdminQueueSlice, type AdminQueueSlice } from './admin-queue'
import { createAdminSystemSlice, type AdminSystemSlice } from './admin-system'
import { createAdminTemplatesSlice, type AdminTemplatesSlice } from './admin-templates'
import { createAdminUsersSlice, type AdminUsersSlice } from './admin-users'
import type { Store } from './store'

/** What the admin screens hold, one file per group of sections. */
export type AdminSlice = AdminUsersSlice & AdminTemplatesSlice & AdminSystemSlice & AdminQueueSlice

export const createAdminSlice: StateCreator<Store, [], [], AdminSlice> = (set, get, api) => {
  // Nothing an admin read stays in this window once they log out (or another user logs in).
  api.subscribe((state, previous) => {
    const before = previous.session?.user?.username
    if (before && state.session?.user?.username !== before) {
      set({
        staff: null,
        staffError: null,
        templateVersions: NOT_LOADED,
        templateShown: NOT_LOADED,
        ledgerStatus: NOT_LOADED,
        cloudStatus: NOT_LOADED,
        queue: NOT_LOADED,
        securityLog: NOT_LOADED
      })
    }
  })
  return {
    ...createAdminUsersSlice(set, get, api),
    ...createAdminTemplatesSlice(set, get, api),
    ...createAdminSystemSlice(set, get, api),
    ...createAdminQueueSlice(set, get, api)
  }
}
