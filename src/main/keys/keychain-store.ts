import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { isError, makeError } from '../../shared/errors'
import { loadKeytar, type KeytarApi } from './keytar-api'
import {
  checkSecretName,
  checkSecretValue,
  type SecretStore,
  type SecretStoreKind
} from './secret-store'

/** The keychain account a probe reads; never written. */
export const PROBE_ACCOUNT = 'mediblock-probe'

/** How long a probe may take before the keychain counts as absent. */
export const DEFAULT_PROBE_TIMEOUT_MS = 3000

/**
 * The keychain service for a data dir: `MediBlock:` and 16 hex digits of the
 * SHA-256 of its absolute path. Two data dirs on one machine (a test and the
 * real one, two clinics) keep separate secrets.
 */
export function keychainService(dataDir: string): string {
  const digest = createHash('sha256').update(resolve(dataDir), 'utf8').digest('hex')
  return `MediBlock:${digest.slice(0, 16)}`
}

/** What the OS calls its keychain, for status lines. */
export function keychainLabel(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain'
  if (platform === 'win32') return 'Windows Credential Manager'
  return 'Secret Service (libsecret)'
}

export interface KeychainStoreOptions {
  /** The keychain service name; see {@link keychainService}. */
  readonly service: string
  /** A `keytar.node` built for the running runtime (Electron); see {@link loadKeytar}. */
  readonly nativeBinding?: string
  /** Probe timeout in ms; {@link DEFAULT_PROBE_TIMEOUT_MS} by default. */
  readonly probeTimeoutMs?: number
  /** A keytar to use instead of loading one (tests). */
  readonly keytar?: KeytarApi
}

/**
 * Device secrets in the OS keychain through keytar: one keychain item per
 * secret, under the data dir's service, the secret's name as the account.
 */
export class KeychainStore implements SecretStore {
  readonly kind: SecretStoreKind = 'keychain'
  readonly service: string
  readonly description: string
  readonly #keytar: KeytarApi

  private constructor(keytar: KeytarApi, service: string) {
    this.#keytar = keytar
    this.service = service
    this.description = `OS keychain: ${keychainLabel()}, service ${service}`
  }

  /**
   * Loads keytar and probes the keychain (one read, bounded by a timeout).
   * `UNAVAILABLE` when keytar cannot load or the keychain does not answer:
   * no D-Bus session, no Secret Service, a locked keyring that would prompt.
   */
  static async open(options: KeychainStoreOptions): Promise<KeychainStore> {
    const keytar = options.keytar ?? (await loadKeytar(options.nativeBinding))
    const timeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS
    try {
      await withTimeout(keytar.getPassword(options.service, PROBE_ACCOUNT), timeoutMs)
    } catch (cause) {
      const reason = reasonOf(cause)
      throw makeError(
        `the OS keychain does not answer: ${reason}`,
        'UNAVAILABLE',
        { service: options.service, reason },
        cause
      )
    }
    return new KeychainStore(keytar, options.service)
  }

  async get(name: string): Promise<string | null> {
    checkSecretName(name)
    return this.#call('read', name, () => this.#keytar.getPassword(this.service, name))
  }

  async set(name: string, value: string): Promise<void> {
    checkSecretName(name)
    checkSecretValue(value)
    await this.#call('write', name, () => this.#keytar.setPassword(this.service, name, value))
  }

  async delete(name: string): Promise<boolean> {
    checkSecretName(name)
    return this.#call('delete', name, () => this.#keytar.deletePassword(this.service, name))
  }

  async #call<T>(verb: string, name: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (cause) {
      throw makeError(
        `cannot ${verb} ${name} in the OS keychain: ${reasonOf(cause)}`,
        'UNAVAILABLE',
        { service: this.service, name },
        cause
      )
    }
  }
}

/** A one-line reason from whatever keytar threw; keytar's messages carry no secrets. */
export function reasonOf(cause: unknown): string {
  if (isError(cause)) {
    const reason = cause.info?.['reason']
    return typeof reason === 'string' ? reason : cause.message
  }
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.split('\n')[0] ?? 'unknown error'
}

/** `promise`, or a rejection after `ms`. The call itself cannot be cancelled; it is abandoned. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    timer.unref()
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
