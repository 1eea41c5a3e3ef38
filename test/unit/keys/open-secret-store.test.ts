import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keychainService } from '../../../src/main/keys/keychain-store'
import { openSecretStore } from '../../../src/main/keys/open-secret-store'
import { STORE_MARKER_FILE } from '../../../src/main/keys/store-marker'
import { tempDir } from '../../support/temp-dir'
import { MemoryKeytar, NO_DBUS_KEYTAR, rejection } from './support'

describe('choosing the secret store', () => {
  it('prefers a keychain that answers, and records the choice', async () => {
    const dataDir = tempDir()
    const choice = await openSecretStore({ dataDir, keytar: new MemoryKeytar() })
    expect(choice.kind).toBe('keychain')
    expect(choice.store.kind).toBe('keychain')
    expect(choice.reason).toMatch(/keychain answered/)
    const marker = JSON.parse(readFileSync(join(dataDir, STORE_MARKER_FILE), 'utf8')) as unknown
    expect(marker).toMatchObject({ kind: 'keychain', service: keychainService(dataDir) })
  })

  it('falls back to the vault, saying why, when no keychain answers', async () => {
    const dataDir = tempDir()
    const choice = await openSecretStore({ dataDir, keytar: NO_DBUS_KEYTAR })
    expect(choice.kind).toBe('vault')
    expect(choice.reason).toMatch(/no OS keychain.*Cannot autolaunch D-Bus/)
    if (choice.kind !== 'vault') throw new Error('expected the vault')
    expect(choice.store.state).toBe('absent')
    expect(choice.store.path).toBe(join(dataDir, 'vault.json'))
    expect(existsSync(join(dataDir, STORE_MARKER_FILE))).toBe(false)
  })

  it('keeps using an existing vault even when a keychain appears', async () => {
    const dataDir = tempDir()
    const first = await openSecretStore({ dataDir, keytar: NO_DBUS_KEYTAR })
    if (first.kind !== 'vault') throw new Error('expected the vault')
    await first.store.create('admin', 'admin password')
    const keytar = new MemoryKeytar()
    const again = await openSecretStore({ dataDir, keytar })
    expect(again.kind).toBe('vault')
    expect(again.reason).toMatch(/has a vault file/)
    expect(keytar.calls).toEqual([])
    expect((await rejection(openSecretStore({ dataDir, keytar, prefer: 'keychain' }))).code).toBe(
      'CONFLICT'
    )
  })

  it('never starts a fresh vault for a data dir whose secrets are in a keychain that stopped answering', async () => {
    const dataDir = tempDir()
    await openSecretStore({ dataDir, keytar: new MemoryKeytar() })
    const error = await rejection(openSecretStore({ dataDir, keytar: NO_DBUS_KEYTAR }))
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toMatch(/keeps its secrets in the OS keychain/)
    expect(existsSync(join(dataDir, 'vault.json'))).toBe(false)
    expect((await rejection(openSecretStore({ dataDir, prefer: 'vault' }))).code).toBe('CONFLICT')
  })

  it('uses the service recorded in the marker', async () => {
    const dataDir = tempDir()
    const keytar = new MemoryKeytar()
    await openSecretStore({ dataDir, keytar })
    const markerPath = join(dataDir, STORE_MARKER_FILE)
    const marker = JSON.parse(readFileSync(markerPath, 'utf8')) as Record<string, unknown>
    writeFileSync(markerPath, JSON.stringify({ ...marker, service: 'MediBlock:moved' }))
    const choice = await openSecretStore({ dataDir, keytar })
    if (choice.kind !== 'keychain') throw new Error('expected the keychain')
    expect(choice.store.service).toBe('MediBlock:moved')
  })

  it('honours an explicit preference', async () => {
    const vault = await openSecretStore({
      dataDir: tempDir(),
      keytar: new MemoryKeytar(),
      prefer: 'vault'
    })
    expect(vault.kind).toBe('vault')
    expect(vault.reason).toMatch(/asked for/)
    const error = await rejection(
      openSecretStore({ dataDir: tempDir(), keytar: NO_DBUS_KEYTAR, prefer: 'keychain' })
    )
    expect(error.code).toBe('UNAVAILABLE')
  })
})
