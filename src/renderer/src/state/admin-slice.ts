import type { StateCreator } from 'zustand'
import type { UserChange, UserRow } from '../../../shared/ipc/schemas'
import type { Role } from '../../../shared/roles'
import { messageOf } from './errors'
import type { Store } from './store'

/** What the admin screens hold: the clinic's users so far. */
export interface AdminSlice {
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
}

export const createAdminSlice: StateCreator<Store, [], [], AdminSlice> = (set, get) => ({
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
    const { client } = get()
    if (!client) throw new Error('MediBlock is not connected yet')
    const change = await client.call('users:create', request)
    const others = (get().staff ?? []).filter((user) => user.username !== change.user.username)
    set({ staff: [...others, change.user] })
    return change
  }
})
