import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp-dir'
import {
  bundleChild,
  isolatedHome,
  runKeytarUnderKeyring,
  runWithKeyring,
  runWithoutDbus
} from './child'

// The real OS keychain: gnome-keyring's Secret Service in a private D-Bus
// session per child (dbus-run-session), its keyring files in a temp HOME.
// Needs the apt packages gnome-keyring, dbus and libsecret-1-dev.
describe('OS keychain (gnome-keyring over D-Bus)', () => {
  let child: Awaited<ReturnType<typeof bundleChild>>
  let root: string
  let home: Record<string, string>

  beforeAll(async () => {
    child = await bundleChild()
    root = mkdtempSync(join(tmpdir(), 'mediblock-keyring-'))
    home = isolatedHome(root)
  })

  afterAll(() => {
    child?.dispose()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it('is reachable by keytar itself in the test environment', () => {
    const out = runKeytarUnderKeyring(
      home,
      `const k = require('keytar');
       (async () => {
         await k.setPassword('MediBlock:env-check', 'probe', 'works')
         const value = await k.getPassword('MediBlock:env-check', 'probe')
         await k.deletePassword('MediBlock:env-check', 'probe')
         console.log(value)
       })().catch((e) => { console.error(e.message); process.exit(1) })`
    )
    expect(out).toBe('works')
  })

  it('stores, reads back after a restart, and deletes a secret', () => {
    const dataDir = tempDir()
    const value = 'a1b2c3d4'.repeat(8)
    expect(
      runWithKeyring(child.script, home, ['keychain-set', dataDir, 'clinic.data-key', value])
    ).toEqual({ ok: true })
    // A new process, a new D-Bus session and a new keyring daemon: only the keyring files remain.
    expect(
      runWithKeyring(child.script, home, ['keychain-get', dataDir, 'clinic.data-key'])
    ).toEqual({ value })
    expect(
      runWithKeyring(child.script, home, ['keychain-delete', dataDir, 'clinic.data-key'])
    ).toEqual({ deleted: true })
    expect(
      runWithKeyring(child.script, home, ['keychain-get', dataDir, 'clinic.data-key'])
    ).toEqual({ value: null })
    expect(
      runWithKeyring(child.script, home, ['keychain-delete', dataDir, 'clinic.data-key'])
    ).toEqual({ deleted: false })
  })

  it('keeps two data dirs apart', () => {
    const a = tempDir()
    const b = tempDir()
    runWithKeyring(child.script, home, ['keychain-set', a, 'clinic.data-key', 'value-of-a'])
    expect(runWithKeyring(child.script, home, ['keychain-get', b, 'clinic.data-key'])).toEqual({
      value: null
    })
    expect(runWithKeyring(child.script, home, ['keychain-get', a, 'clinic.data-key'])).toEqual({
      value: 'value-of-a'
    })
  })

  it('keeps the keyring encrypted on disk', () => {
    const dataDir = tempDir()
    const value = 'feedc0de'.repeat(8)
    runWithKeyring(child.script, home, ['keychain-set', dataDir, 'clinic.pseudonym-secret', value])
    const keyrings = join(home['XDG_DATA_HOME'] ?? '', 'keyrings')
    const files = readdirSync(keyrings)
    expect(files.length).toBeGreaterThan(0)
    for (const file of files) {
      const bytes = readFileSync(join(keyrings, file))
      expect(bytes.includes(Buffer.from(value))).toBe(false)
    }
  })

  it('is what the selector picks where it answers, and device secrets persist in it', () => {
    const dataDir = tempDir()
    const choice = runWithKeyring(child.script, home, ['select', dataDir])
    expect(choice).toMatchObject({ kind: 'keychain', reason: 'the OS keychain answered' })
    expect(String(choice['description'])).toMatch(/Secret Service|Keychain|Credential/)
    const first = runWithKeyring(child.script, home, ['device-secrets', dataDir])
    expect(first).toMatchObject({ kind: 'keychain', created: true })
    const second = runWithKeyring(child.script, home, ['device-secrets', dataDir])
    expect(second).toMatchObject({ kind: 'keychain', created: false })
    expect(second['address']).toBe(first['address'])
    expect(second['pseudonym']).toBe(first['pseudonym'])
    expect(existsSync(join(dataDir, 'vault.json'))).toBe(false)
  })

  it('is never replaced by a fresh vault when it stops answering', () => {
    const dataDir = tempDir()
    expect(runWithKeyring(child.script, home, ['device-secrets', dataDir])).toMatchObject({
      kind: 'keychain'
    })
    const result = runWithoutDbus(child.script, home, ['device-secrets', dataDir])
    expect(result.error?.code).toBe('UNAVAILABLE')
    expect(result.error?.message).toMatch(/keeps its secrets in the OS keychain/)
    expect(existsSync(join(dataDir, 'vault.json'))).toBe(false)
  })
})

describe('no D-Bus at all', () => {
  let child: Awaited<ReturnType<typeof bundleChild>>

  beforeAll(async () => {
    child = await bundleChild()
  })

  afterAll(() => child?.dispose())

  it('makes the selector choose the vault, saying why', () => {
    const root = tempDir()
    const dataDir = join(root, 'data')
    const choice = runWithoutDbus(child.script, isolatedHome(root), ['select', dataDir])
    expect(choice['kind']).toBe('vault')
    expect(String(choice['reason'])).toMatch(/^no OS keychain \(.*D-Bus/)
    expect(choice['description']).toBe(
      `encrypted vault file ${join(dataDir, 'vault.json')} (absent)`
    )
  })
})
