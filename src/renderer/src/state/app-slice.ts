import type { StateCreator } from 'zustand'
import { isError } from '../../../shared/errors'
import type { AppInfo, SessionState } from '../../../shared/ipc/schemas'
import type { CoreClient } from '../client/core-client'

/** The app-wide facts every screen may read: what the core is, who is here. */
export interface AppSlice {
  client: CoreClient | null
  info: AppInfo | null
  session: SessionState | null
  /** `loading` until the first answer; `closed` once the core said goodbye. */
  phase: 'loading' | 'ready' | 'failed' | 'closed'
  failure: string | null
  start(client: CoreClient): Promise<void>
  fail(message: string): void
}

export const createAppSlice: StateCreator<AppSlice, [], [], AppSlice> = (set) => ({
  client: null,
  info: null,
  session: null,
  phase: 'loading',
  failure: null,
  async start(client) {
    set({ client, phase: 'loading' })
    client.on('session:changed', (session) => set({ session }))
    client.on('app:closing', () => set({ phase: 'closed' }))
    try {
      const [info, session] = await Promise.all([
        client.call('app:info', {}),
        client.call('session:get', {})
      ])
      set({ info, session, phase: 'ready', failure: null })
    } catch (error) {
      set({ phase: 'failed', failure: isError(error) ? error.message : String(error) })
    }
  },
  fail(message) {
    set({ phase: 'failed', failure: message })
  }
})
