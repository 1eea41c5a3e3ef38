import type { StateCreator } from 'zustand'
import type { WorkstationStatus } from '../../../shared/ipc/schemas'
import type { Store } from './store'

/** What the status bar shows, kept current by `status:changed`. */
export interface StatusSlice {
  status: WorkstationStatus | null
  setStatus: (status: WorkstationStatus) => void
  refreshStatus: () => Promise<void>
  clearStatus: () => void
}

export const createStatusSlice: StateCreator<Store, [], [], StatusSlice> = (set, get) => ({
  status: null,
  setStatus(status) {
    set({ status })
  },
  async refreshStatus() {
    const { client, session } = get()
    if (!client || !session?.user) return
    try {
      set({ status: await client.call('status:get', {}) })
    } catch {
      // The event stream brings the next state; the bar shows the last one meanwhile.
    }
  },
  clearStatus() {
    set({ status: null })
  }
})
