import type { StateCreator } from 'zustand'
import type { UserChange, UserRow } from '../../../shared/ipc/schemas'
import type { Role } from '../../../shared/roles'
import { clientOf } from './admin-load'
import { messageOf } from './errors'
import type { Store } from './store'

/** What changes a user's standing, each answering the user as they are now and any ledger notice. */
export type StaffChange = 'disable' | 'enable' | 'register'

/** The clinic's users, for Users and roles. */
export interface AdminUsersSlice {
  /** Every user of the clinic; null until loaded. */
  staff: UserRow[] | null
  staffError: string | null
  loadStaff: () => Promise<void>
  createStaff: (request: {
    username: string
    displayName: string
    role: Role
    password: string
  }) => Promise<UserChange>
  /** `users:disable`, `users:enable` or `users:register`; the list shows the answer. */
  changeStaff: (change: StaffChange, username: string) => Promise<UserChange>
  /** `users:reset-password`: a new key under `newPassword` (CONFLICT once they have signed). */
  resetStaffPassword: (username: string, newPassword: string) => Promise<UserChange>
}

const CHANNELS = {
  disable: 'users:disable',
  enable: 'users:enable',
  register: 'users:register'
} as const

export const createAdminUsersSlice: StateCreator<Store, [], [], AdminUsersSlice> = (set, get) => {
  /** Puts the user as the core answered them into the list. */
  const keep = (change: UserChange): UserChange => {
    const others = (get().staff ?? []).filter((user) => user.username !== change.user.username)
    set({ staff: [...others, change.user] })
    return change
  }
  return {
    staff: null,
    staffError: null,
    async loadStaff() {
      const { client } = get()
      if (!client) return
      try {
        set({ staff: await client.call('users:list', {}), staffError: null })
      } catch (error) {
        set({ staffError: messageOf(error) })
      }
    },
    async createStaff(request) {
      return keep(await clientOf(get).call('users:create', request))
    },
    async changeStaff(change, username) {
      return keep(await clientOf(get).call(CHANNELS[change], { username }))
    },
    async resetStaffPassword(username, newPassword) {
      return keep(await clientOf(get).call('users:reset-password', { username, newPassword }))
    }
  }
}
