import type { DataDirLayout } from '../config/data-dir'
import type { SecretStore } from '../keys/secret-store'
import type { LocalStore } from '../store/local-store'
import { credentialFor, readCloudCredentials } from './cloud-credentials'
import { CloudStore } from './cloud-store'

/** The workstation whose configured cloud store {@link openConfiguredCloud} opens. */
export interface ConfiguredCloudOptions {
  readonly store: LocalStore
  readonly paths: DataDirLayout
  /**
   * The device secret store (unlocked, for a vault), for engines that need a
   * password or key; may be left out for those that need none.
   */
  readonly secrets?: SecretStore
  readonly nativeBinding?: string
  readonly connectTimeoutMs?: number
}

/**
 * The cloud store this workstation is configured for: the `cloud` setting,
 * its credential from the secret store, the data dir's `cloud.db` for the
 * embedded engine, and the workstation id.
 */
export async function openConfiguredCloud(options: ConfiguredCloudOptions): Promise<CloudStore> {
  const settings = options.store.getConfig('cloud')
  const credentials =
    options.secrets && credentialFor(settings) !== null
      ? await readCloudCredentials(options.secrets, settings)
      : {}
  return CloudStore.open(settings, credentials, {
    sqlitePath: options.paths.cloudDb,
    workstationId: options.store.getConfig('workstation.id'),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {})
  })
}
