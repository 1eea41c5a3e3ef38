import { makeError } from '../../shared/errors'

/** The part of keytar's API MediBlock uses. */
export interface KeytarApi {
  getPassword(service: string, account: string): Promise<string | null>
  setPassword(service: string, account: string, password: string): Promise<void>
  deletePassword(service: string, account: string): Promise<boolean>
}

const isKeytarApi = (value: unknown): value is KeytarApi =>
  typeof value === 'object' &&
  value !== null &&
  ['getPassword', 'setPassword', 'deletePassword'].every(
    (fn) => typeof (value as Record<string, unknown>)[fn] === 'function'
  )

/**
 * Loads keytar, on first use only: libsecret reads `DBUS_SESSION_BUS_ADDRESS`
 * when it first connects, and a headless process that never needs the
 * keychain should not pay for loading it.
 *
 * @param nativeBinding path of a `keytar.node` built for the running runtime.
 *   Electron's ABI differs from Node's, so the Electron main process passes
 *   its own build (like better-sqlite3's `nativeBinding`); Node uses the
 *   copy in node_modules. The addon exports the same three functions that
 *   keytar's JS wrapper does, which only adds argument checks we do anyway.
 */
export async function loadKeytar(nativeBinding?: string): Promise<KeytarApi> {
  try {
    let api: unknown
    if (nativeBinding) {
      const addon = { exports: {} as unknown }
      process.dlopen(addon, nativeBinding)
      api = addon.exports
    } else {
      const loaded = (await import('keytar')) as unknown as KeytarApi & { default?: unknown }
      api = isKeytarApi(loaded.default) ? loaded.default : loaded
    }
    if (!isKeytarApi(api)) throw new Error('keytar does not export the expected functions')
    return api
  } catch (cause) {
    throw makeError(
      'the OS keychain library (keytar) cannot be loaded',
      'UNAVAILABLE',
      { nativeBinding: nativeBinding ?? null },
      cause
    )
  }
}
