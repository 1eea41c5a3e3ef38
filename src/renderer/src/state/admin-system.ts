import type { StateCreator } from 'zustand'
import type {
  ClinicSettings,
  CloudChoice,
  CloudSetResult,
  CloudStatus,
  CloudTestResult,
  LedgerStatus
} from '../../../shared/ipc/schemas'
import { clientOf, NOT_LOADED, refreshInto, type Loadable } from './admin-load'
import type { Store } from './store'

/** The ledger, the cloud database and the clinic settings, for their admin sections. */
export interface AdminSystemSlice {
  ledgerStatus: Loadable<LedgerStatus>
  cloudStatus: Loadable<CloudStatus>
  loadLedgerStatus: () => Promise<void>
  loadCloudStatus: () => Promise<void>
  /** `cloud:test`: whether these settings reach a database, or what is wrong. */
  testCloud: (choice: CloudChoice) => Promise<CloudTestResult>
  /** `cloud:set` (the screen tests first); the status is read again. */
  setCloud: (choice: CloudChoice) => Promise<CloudSetResult>
  /** `settings:set`; the shell's idle lock uses the answer at once. */
  saveSettings: (patch: Partial<ClinicSettings>) => Promise<ClinicSettings>
}

export const createAdminSystemSlice: StateCreator<Store, [], [], AdminSystemSlice> = (
  set,
  get
) => ({
  ledgerStatus: NOT_LOADED,
  cloudStatus: NOT_LOADED,
  loadLedgerStatus() {
    return refreshInto(set, get, 'ledgerStatus', (client) => client.call('ledger:status', {}))
  },
  loadCloudStatus() {
    return refreshInto(set, get, 'cloudStatus', (client) => client.call('cloud:status', {}))
  },
  testCloud(choice) {
    return clientOf(get).call('cloud:test', choice)
  },
  async setCloud(choice) {
    const result = await clientOf(get).call('cloud:set', choice)
    void get().loadCloudStatus()
    return result
  },
  async saveSettings(patch) {
    const settings = await clientOf(get).call('settings:set', patch)
    set({ settings })
    return settings
  }
})
