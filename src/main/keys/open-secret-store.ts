import { existsSync } from 'node:fs'
import { makeError } from '../../shared/errors'
import { dataDirLayout } from '../config/data-dir'
import { KeychainStore, keychainService, reasonOf } from './keychain-store'
import type { KeytarApi } from './keytar-api'
import { readStoreMarker, storeMarkerPath, writeStoreMarker } from './store-marker'
import { SecretVault, type SecretVaultOptions } from './vault/secret-vault'

/** Which store to use: the keychain where it answers (`auto`), or one of them only. */
export type SecretStorePreference = 'auto' | 'keychain' | 'vault'

export interface OpenSecretStoreOptions {
  /** The data dir; its path names the keychain service, and holds the vault file. */
  readonly dataDir: string
  /** `auto` by default. */
  readonly prefer?: SecretStorePreference
  /** A `keytar.node` built for Electron; see `loadKeytar`. */
  readonly keytarBinding?: string
  /** How long the keychain probe may take, in ms. */
  readonly probeTimeoutMs?: number
  /** Options for a vault (its scrypt parameters). */
  readonly vault?: SecretVaultOptions
  /** A keytar to use instead of loading one (tests). */
  readonly keytar?: KeytarApi
}

/** The store chosen, and why, in words for `mediblock status` and the admin screen. */
export type SecretStoreChoice =
  | { readonly kind: 'keychain'; readonly store: KeychainStore; readonly reason: string }
  | { readonly kind: 'vault'; readonly store: SecretVault; readonly reason: string }

/**
 * Opens the data dir's secret store. The choice sticks once made, because
 * switching stores would mean switching device secrets:
 *
 * 1. a vault file in the data dir: the vault (locked; a login unlocks it);
 * 2. a keychain marker in the data dir: the keychain, or `UNAVAILABLE` if it
 *    does not answer (never a fresh vault with fresh secrets);
 * 3. otherwise the keychain if its probe answers (and the marker is
 *    written), else the vault (absent until the first user creates it).
 *
 * `prefer` narrows the choice; asking for the store the data dir does not
 * use is a `CONFLICT`.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStoreChoice> {
  const { dataDir } = options
  const prefer = options.prefer ?? 'auto'
  const { vaultFile, root } = dataDirLayout(dataDir)
  const service = keychainService(root)
  const vault = () => new SecretVault(vaultFile, options.vault)
  const keychain = (serviceName: string) =>
    KeychainStore.open({
      service: serviceName,
      ...(options.keytarBinding === undefined ? {} : { nativeBinding: options.keytarBinding }),
      ...(options.probeTimeoutMs === undefined ? {} : { probeTimeoutMs: options.probeTimeoutMs }),
      ...(options.keytar === undefined ? {} : { keytar: options.keytar })
    })

  if (existsSync(vaultFile)) {
    if (prefer === 'keychain') {
      throw makeError(
        `this data dir keeps its secrets in the vault file ${vaultFile}, not the OS keychain`,
        'CONFLICT',
        { dataDir: root }
      )
    }
    return { kind: 'vault', store: vault(), reason: 'this data dir has a vault file' }
  }

  const marker = readStoreMarker(root)
  if (marker) {
    if (prefer === 'vault') {
      throw makeError(
        `this data dir keeps its secrets in the OS keychain (${storeMarkerPath(root)})`,
        'CONFLICT',
        { dataDir: root }
      )
    }
    try {
      const store = await keychain(marker.service)
      return { kind: 'keychain', store, reason: 'this data dir keeps its secrets in the keychain' }
    } catch (cause) {
      throw makeError(
        `this data dir keeps its secrets in the OS keychain, which does not answer ` +
          `(${reasonOf(cause)}); start the keychain service (a desktop session or ` +
          `gnome-keyring) and try again`,
        'UNAVAILABLE',
        { dataDir: root },
        cause
      )
    }
  }

  if (prefer === 'vault') {
    return { kind: 'vault', store: vault(), reason: 'the vault was asked for' }
  }
  try {
    const store = await keychain(service)
    writeStoreMarker(root, service)
    return { kind: 'keychain', store, reason: 'the OS keychain answered' }
  } catch (cause) {
    if (prefer === 'keychain') throw cause
    return { kind: 'vault', store: vault(), reason: `no OS keychain (${reasonOf(cause)})` }
  }
}
