import type { StateCreator } from 'zustand'
import type { ClinicSettings, UserChoice } from '../../../shared/ipc/schemas'
import type { Store } from './store'

/** Send `session:activity` at most this often while there is input (the contract asks ≤ 30 s). */
export const ACTIVITY_INTERVAL_MS = 30_000

/** Login, lock and the clinic settings the shell needs. */
export interface SessionSlice {
  /** The login screen's pick list; null until loaded. */
  users: UserChoice[] | null
  settings: ClinicSettings | null
  loadUsers: () => Promise<void>
  loadSettings: () => Promise<void>
  login: (username: string, password: string) => Promise<void>
  logout: () => Promise<void>
  lock: () => Promise<void>
  unlock: (password: string) => Promise<void>
  /** Tells the core the user is here (throttled), so it does not lock the session itself. */
  reportActivity: () => void
}

export const createSessionSlice: StateCreator<Store, [], [], SessionSlice> = (set, get) => {
  let lastActivity = 0
  const client = () => {
    const c = get().client
    if (!c) throw new Error('MediBlock is not connected yet')
    return c
  }
  return {
    users: null,
    settings: null,
    async loadUsers() {
      set({ users: await client().call('session:users', {}) })
    },
    async loadSettings() {
      try {
        set({ settings: await client().call('settings:get', {}) })
      } catch {
        // Without settings the shell still works; it just cannot lock on its own timer.
      }
    },
    async login(username, password) {
      get().applySession(await client().call('session:login', { username, password }))
      lastActivity = Date.now()
    },
    async logout() {
      get().applySession(await client().call('session:logout', {}))
    },
    async lock() {
      if (get().session?.locked) return
      get().applySession(await client().call('session:lock', {}))
    },
    async unlock(password) {
      get().applySession(await client().call('session:unlock', { password }))
      lastActivity = Date.now()
    },
    reportActivity() {
      const { session } = get()
      if (!session?.user || session.locked) return
      const now = Date.now()
      if (now - lastActivity < ACTIVITY_INTERVAL_MS) return
      lastActivity = now
      client()
        .call('session:activity', {})
        .then((state) => get().applySession(state))
        .catch(() => {
          // A lost ping only means the core may lock a little early; the next input tries again.
        })
    }
  }
}
