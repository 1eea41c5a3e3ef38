import type { StateCreator } from 'zustand'
import type { AppInfo, SessionState } from '../../../shared/ipc/schemas'
import type { CoreClient } from '../client/core-client'
import { messageOf } from './errors'
import type { Store } from './store'

/** The app-wide facts every screen may read: what the core is, who is here. */
export interface AppSlice {
  client: CoreClient | null
  info: AppInfo | null
  session: SessionState | null
  /** `loading` until the first answer; `closed` once the core said goodbye. */
  phase: 'loading' | 'ready' | 'failed' | 'closed'
  failure: string | null
  start: (client: CoreClient) => Promise<void>
  fail: (message: string) => void
  /** Asks `app:info` again (after the first-run wizard set the clinic up). */
  refreshInfo: () => Promise<void>
  /** Takes a session state from any answer or event, and follows its consequences. */
  applySession: (session: SessionState) => void
}

export const createAppSlice: StateCreator<Store, [], [], AppSlice> = (set, get) => ({
  client: null,
  info: null,
  session: null,
  phase: 'loading',
  failure: null,
  async start(client) {
    set({ client, phase: 'loading' })
    client.on('session:changed', (session) => get().applySession(session))
    client.on('status:changed', (status) => get().setStatus(status))
    client.on('record:changed', (change) => get().applyRecordChange(change))
    client.on('app:closing', () => set({ phase: 'closed' }))
    try {
      const [info, session] = await Promise.all([
        client.call('app:info', {}),
        client.call('session:get', {})
      ])
      set({ info, phase: 'ready', failure: null })
      get().applySession(session)
    } catch (error) {
      set({ phase: 'failed', failure: messageOf(error) })
    }
  },
  fail(message) {
    set({ phase: 'failed', failure: message })
  },
  async refreshInfo() {
    const { client } = get()
    if (!client) return
    set({ info: await client.call('app:info', {}) })
  },
  applySession(session) {
    const previous = get().session
    const before = previous?.user ?? null
    const after = session.user
    set({ session })
    if (after && before?.username !== after.username) {
      // Someone logged in (or another user did): start them at home, fresh.
      get().clearClinicalData()
      get().goHome(after.role)
      void get().loadSettings()
      void get().refreshStatus()
    } else if (!after && before) {
      // Logged out: no patient data stays in this window's memory.
      get().clearClinicalData()
      get().clearStatus()
    } else if (after && previous?.locked && !session.locked) {
      void get().refreshStatus()
    }
  }
})
