import type { KeytarApi } from '../../../src/main/keys/keytar-api'

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected a rejection, and the promise resolved')
}

/** An in-memory keytar, for the logic around the keychain (the real one is in test/integration). */
export class MemoryKeytar implements KeytarApi {
  readonly items = new Map<string, string>()
  calls: string[] = []

  async getPassword(service: string, account: string): Promise<string | null> {
    this.calls.push(`get ${service} ${account}`)
    return this.items.get(`${service}/${account}`) ?? null
  }

  async setPassword(service: string, account: string, password: string): Promise<void> {
    this.calls.push(`set ${service} ${account}`)
    this.items.set(`${service}/${account}`, password)
  }

  async deletePassword(service: string, account: string): Promise<boolean> {
    this.calls.push(`delete ${service} ${account}`)
    return this.items.delete(`${service}/${account}`)
  }
}

/** A keytar whose every call fails like keytar on a machine without D-Bus. */
export const NO_DBUS_KEYTAR: KeytarApi = {
  getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  setPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
  deletePassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'))
}

/** A keytar that never answers, like a keyring waiting on an unlock prompt nobody sees. */
export const HANGING_KEYTAR: KeytarApi = {
  getPassword: () => new Promise<never>(() => undefined),
  setPassword: () => new Promise<never>(() => undefined),
  deletePassword: () => new Promise<never>(() => undefined)
}
