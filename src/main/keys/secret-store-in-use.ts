import { existsSync } from 'node:fs'
import type { SecretStoreInfo } from '../../shared/ipc/schemas'
import { dataDirLayout } from '../config/data-dir'
import { readStoreMarker } from './store-marker'

/**
 * Which secret store a data dir uses, read from the files alone (no keychain
 * probe, no password), so that `mediblock status` and the first screen can
 * say it at once. The choice itself is made by `openSecretStore`.
 */
export function secretStoreInUse(dataDir: string): SecretStoreInfo {
  const { vaultFile, root } = dataDirLayout(dataDir)
  if (existsSync(vaultFile)) {
    return {
      kind: 'vault',
      description: `encrypted vault file ${vaultFile} (no OS keychain answered; a login unlocks it)`
    }
  }
  const marker = readStoreMarker(root)
  if (marker) {
    return { kind: 'keychain', description: `OS keychain, service "${marker.service}"` }
  }
  return { kind: 'none', description: 'none yet (chosen when the first user is enrolled)' }
}
