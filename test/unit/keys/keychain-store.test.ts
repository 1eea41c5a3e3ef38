import { describe, expect, it } from 'vitest'
import {
  KeychainStore,
  keychainService,
  PROBE_ACCOUNT
} from '../../../src/main/keys/keychain-store'
import { loadKeytar } from '../../../src/main/keys/keytar-api'
import { HANGING_KEYTAR, MemoryKeytar, NO_DBUS_KEYTAR, rejection } from './support'

describe('keychain store', () => {
  it('names one service per data dir', () => {
    const a = keychainService('/srv/clinic-a')
    expect(a).toMatch(/^MediBlock:[0-9a-f]{16}$/)
    expect(keychainService('/srv/clinic-a/')).toBe(a)
    expect(keychainService('/srv/clinic-b')).not.toBe(a)
  })

  it('probes with one read of the probe account, then stores items under its service', async () => {
    const keytar = new MemoryKeytar()
    const store = await KeychainStore.open({ service: 'MediBlock:test', keytar })
    expect(keytar.calls).toEqual([`get MediBlock:test ${PROBE_ACCOUNT}`])
    expect(store.kind).toBe('keychain')
    expect(store.description).toContain('MediBlock:test')
    await store.set('clinic.data-key', 'value')
    expect(keytar.items.get('MediBlock:test/clinic.data-key')).toBe('value')
    expect(await store.get('clinic.data-key')).toBe('value')
    expect(await store.delete('clinic.data-key')).toBe(true)
    expect(await store.get('clinic.data-key')).toBeNull()
    expect((await rejection(store.set('../x', 'v'))).code).toBe('INVALID_ARGUMENT')
  })

  it('is UNAVAILABLE, with keytar reason, when there is no D-Bus', async () => {
    const error = await rejection(KeychainStore.open({ service: 'S', keytar: NO_DBUS_KEYTAR }))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/Cannot autolaunch D-Bus/)
  })

  it('gives up on a keychain that does not answer within the probe timeout', async () => {
    const started = Date.now()
    const error = await rejection(
      KeychainStore.open({ service: 'S', keytar: HANGING_KEYTAR, probeTimeoutMs: 100 })
    )
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/no answer within 100 ms/)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('reports a failing keychain operation as UNAVAILABLE', async () => {
    const keytar = new MemoryKeytar()
    const store = await KeychainStore.open({ service: 'S', keytar })
    keytar.setPassword = () => Promise.reject(new Error('The keyring is locked'))
    const error = await rejection(store.set('name', 'value'))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/keyring is locked/)
    expect(error.message).not.toContain('value')
  })

  it('loads the keytar addon from node_modules, or fails UNAVAILABLE for a bad binding path', async () => {
    const keytar = await loadKeytar()
    expect(typeof keytar.getPassword).toBe('function')
    const error = await rejection(loadKeytar('/nonexistent/keytar.node'))
    expect(error.code).toBe('UNAVAILABLE')
  })

  it('loads an alternative keytar.node through dlopen', async () => {
    const { createRequire } = await import('node:module')
    const require = createRequire(import.meta.url)
    const binding = require.resolve('keytar/build/Release/keytar.node')
    const keytar = await loadKeytar(binding)
    expect(typeof keytar.setPassword).toBe('function')
  })
})
