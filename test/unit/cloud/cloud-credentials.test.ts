import { describe, expect, it } from 'vitest'
import {
  CLOUD_SECRET_NAMES,
  readCloudCredentials,
  saveCloudCredentials
} from '../../../src/main/cloud/cloud-credentials'
import type { SecretStore } from '../../../src/main/keys/secret-store'

function memoryStore(): SecretStore & { entries: Map<string, string> } {
  const entries = new Map<string, string>()
  return {
    kind: 'vault',
    description: 'memory',
    entries,
    get: async (name) => entries.get(name) ?? null,
    set: async (name, value) => void entries.set(name, value),
    delete: async (name) => entries.delete(name)
  }
}

describe('cloud credentials', () => {
  it('keep the password in the secret store under its name, and read it back', async () => {
    const store = memoryStore()
    const settings = { engine: 'postgres' as const, host: 'db' }
    await saveCloudCredentials(store, settings, 's3cret')
    expect([...store.entries]).toEqual([[CLOUD_SECRET_NAMES.password, 's3cret']])
    expect(await readCloudCredentials(store, settings)).toEqual({ password: 's3cret' })
  })

  it('leave no stale secret behind when the engine changes', async () => {
    const store = memoryStore()
    await saveCloudCredentials(store, { engine: 'mysql', host: 'db' }, 'pw')
    const api = { engine: 'data-api' as const, accessKeyId: 'AKIA1' }
    await saveCloudCredentials(store, api, 'aws-secret')
    expect([...store.entries]).toEqual([[CLOUD_SECRET_NAMES.secretAccessKey, 'aws-secret']])
    expect(await readCloudCredentials(store, api)).toEqual({ secretAccessKey: 'aws-secret' })
    await saveCloudCredentials(store, { engine: 'sqlite' }, undefined)
    expect(store.entries.size).toBe(0)
    expect(await readCloudCredentials(store, { engine: 'data-api' })).toEqual({})
  })
})
