import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runtimeOf } from '../../../src/main/workstation/runtime'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import {
  ADMIN,
  initBundledClinic,
  ipcHarness,
  userClient,
  type IpcClient,
  type IpcHarness
} from './ipc-clinic'

// One clinic for the whole file: first run, sessions, users and templates
// through the router, as the screens call them, on the bundled node.
describe('IPC: first run, sessions, users and templates', () => {
  let harness: IpcHarness
  let admin: IpcClient
  let nurse: IpcClient

  beforeAll(async () => {
    harness = await ipcHarness()
  })
  afterAll(async () => {
    await harness.close()
  })

  it('before the clinic exists: nobody to pick, tests say what is wrong, nothing else opens', async () => {
    const guest = harness.client()
    expect(await guest.call('session:users', {})).toEqual([])
    expect((await guest.call('app:info', {})).clinic).toBeNull()

    const noNode = await guest.call('ledger:test', { nodeUrl: 'http://127.0.0.1:9/' })
    expect(noNode).toMatchObject({ ok: false, code: 'UNAVAILABLE' })
    expect(noNode.ok || noNode.problem).toMatch(
      /cannot reach the Ethereum node at http:\/\/127\.0\.0\.1:9\//
    )

    expect(await guest.call('cloud:test', { settings: { engine: 'sqlite' } })).toMatchObject({
      ok: true,
      engine: 'sqlite',
      embedded: true,
      needsMigration: false,
      records: 0
    })
    const noCloud = await guest.call('cloud:test', {
      settings: { engine: 'postgres', host: '127.0.0.1', port: 9, tls: { mode: 'off' } },
      password: 'secret'
    })
    expect(noCloud).toMatchObject({ ok: false, code: 'UNAVAILABLE' })

    expect((await guest.fails('clinic:init', { clinicName: 'C' })).code).toBe('INVALID_ARGUMENT')
    const short = await guest.fails('clinic:init', {
      clinicName: 'C',
      admin: { ...ADMIN, password: 'short' },
      ledger: { kind: 'bundled' }
    })
    expect(short).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(short.message).toMatch(/admin\.password/)
    expect((await guest.fails('patients:search', { query: '' })).code).toBe('UNAUTHENTICATED')
  })

  it('clinic:init sets up the clinic on the bundled node and logs the admin in', async () => {
    admin = await initBundledClinic(harness)
    expect(await admin.call('session:get', {})).toEqual({
      user: { username: 'alice', displayName: 'Alice Admin', role: 'admin' },
      locked: false
    })
    await harness.event('session:changed', (s) => s.user?.username === 'alice')
    const info = await admin.call('app:info', {})
    expect(info.clinic).toEqual({ name: 'Riverside Clinic' })
    expect(info.ledger.kind).toBe('bundled')

    // A second first run is refused, and the first-run tests are admins' now.
    const again = harness.client()
    expect(
      (
        await again.fails('clinic:init', {
          clinicName: 'Other',
          admin: { ...ADMIN, username: 'bob' },
          ledger: { kind: 'bundled' }
        })
      ).code
    ).toBe('CONFLICT')
    expect((await again.fails('ledger:test', { nodeUrl: 'http://127.0.0.1:9/' })).code).toBe(
      'UNAUTHENTICATED'
    )

    // The bundled node is kept running for the session: status, then a test against it.
    const up = await harness.event('status:changed', (s) => s.node === 'up' && s.cloud === 'up')
    expect(up).toMatchObject({ offline: false, queue: { depth: 0 } })
    const ledger = await admin.call('ledger:status', {})
    expect(ledger).toMatchObject({ kind: 'bundled', reachable: true, chainId: 77001 })
    expect(ledger.trustNotice).toMatch(/protects against tampering in the cloud database only/)
    expect(BigInt(ledger.handshaker.balanceWei ?? '0')).toBeGreaterThan(0n)
    const tested = await admin.call('ledger:test', {
      nodeUrl: ledger.nodeUrl ?? '',
      contract: ledger.contract ?? undefined
    })
    expect(tested).toMatchObject({ ok: true, chainId: 77001, contract: ledger.contract })
    const wrongContract = await admin.call('ledger:test', {
      nodeUrl: ledger.nodeUrl ?? '',
      contract: `0x${'12'.repeat(20)}`
    })
    expect(wrongContract).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(wrongContract.ok || wrongContract.problem).toMatch(/no contract there/)
    expect(await admin.call('cloud:status', {})).toMatchObject({
      engine: 'sqlite',
      reachable: true,
      records: 0,
      problem: null
    })
  })

  it('admins create users; clinicians are registered on the ledger; other roles are refused', async () => {
    nurse = await userClient(harness, admin, { username: 'nina', role: 'nurse' })
    await userClient(harness, admin, { username: 'dora', role: 'doctor' })
    const users = await admin.call('users:list', {})
    expect(users.map((u) => `${u.username}:${u.role}`)).toEqual([
      'alice:admin',
      'dora:doctor',
      'nina:nurse'
    ])
    expect(users.find((u) => u.username === 'nina')?.chainRegisteredAt).not.toBeNull()
    expect(await harness.client().call('session:users', {})).toEqual([
      { username: 'alice', displayName: 'Alice Admin', role: 'admin' },
      { username: 'dora', displayName: 'dora (doctor)', role: 'doctor' },
      { username: 'nina', displayName: 'nina (nurse)', role: 'nurse' }
    ])
    for (const channel of ['users:list', 'settings:set', 'templates:publish'] as const) {
      expect((await nurse.fails(channel, {})).code).toBe('FORBIDDEN')
    }
    const bad = await admin.fails('users:create', {
      username: 'jan',
      displayName: 'Jan',
      role: 'janitor',
      password: 'jan-pass-1'
    })
    expect(bad.code).toBe('INVALID_ARGUMENT')
    const taken = await admin.fails('users:create', {
      username: 'nina',
      displayName: 'Nina Two',
      role: 'nurse',
      password: 'nina-pass-2'
    })
    expect(taken).toEqual({ code: 'CONFLICT', message: 'the username nina is taken' })
  })

  it('counts failed logins: WRONG_PASSWORD, then RATE_LIMITED, each in the audit log', async () => {
    const guest = harness.client()
    for (let i = 0; i < 5; i++) {
      expect(
        await guest.fails('session:login', { username: 'dora', password: 'not-her-password' })
      ).toEqual({ code: 'WRONG_PASSWORD', message: 'wrong username or password' })
    }
    const limited = await guest.fails('session:login', { username: 'dora', password: 'x' })
    expect(limited.code).toBe('RATE_LIMITED')
    expect(limited.message).toMatch(/try again in \d+ s/)
    expect(
      (await guest.fails('session:login', { username: 'nobody', password: 'whatever' })).code
    ).toBe('WRONG_PASSWORD')
    const failed = harness.app.store.auditLog
      .recent(20)
      .filter((e) => e.action === 'login.failed' && e.actor === 'dora')
    expect(failed).toHaveLength(5)
    runtimeOf(harness.app).guard.succeeded('dora')
  })

  it('locks and unlocks a session, keeping it; only the lock screen channels answer while locked', async () => {
    expect(await nurse.call('session:lock', {})).toMatchObject({ locked: true })
    expect(await nurse.fails('templates:list', {})).toEqual({
      code: 'LOCKED',
      message: 'the session is locked: unlock it first'
    })
    expect((await nurse.call('status:get', {})).node).toBe('up')
    expect(await nurse.call('settings:get', {})).toEqual({ autoLockMinutes: 10 })
    expect((await nurse.fails('session:unlock', { password: 'wrong-one' })).code).toBe(
      'WRONG_PASSWORD'
    )
    expect(await nurse.call('session:unlock', { password: 'nina-pass-1' })).toEqual({
      user: { username: 'nina', displayName: 'nina (nurse)', role: 'nurse' },
      locked: false
    })
    expect((await nurse.call('templates:list', {})).length).toBe(5)
    expect(harness.app.store.auditLog.recent(30).some((e) => e.action === 'unlock.failed')).toBe(
      true
    )
  })

  it('locks a session idle for the time the admin sets', async () => {
    expect(await admin.call('settings:set', { autoLockMinutes: 5 })).toEqual({
      autoLockMinutes: 5
    })
    expect((await admin.fails('settings:set', { autoLockMinutes: 0 })).code).toBe(
      'INVALID_ARGUMENT'
    )
    await nurse.call('session:activity', {})
    const runtime = runtimeOf(harness.app)
    runtime.lockIdle(Date.now() + 4 * 60_000)
    expect(nurse.session.locked).toBe(false)
    runtime.lockIdle(Date.now() + 6 * 60_000)
    expect(nurse.session.locked).toBe(true)
    expect(admin.session.locked).toBe(true)
    await admin.call('session:unlock', { password: ADMIN.password })
    await nurse.call('session:unlock', { password: 'nina-pass-1' })
  })

  it('disabling a user ends their session and revokes them on the ledger; enabling restores both', async () => {
    const dora = harness.client()
    await dora.call('session:login', { username: 'dora', password: 'dora-pass-1' })
    const disabled = await admin.call('users:disable', { username: 'dora' })
    expect(disabled.user.disabledAt).not.toBeNull()
    expect(disabled.user.chainRegisteredAt).toBeNull()
    expect(disabled.ledgerNotice).toBeNull()
    expect(await dora.fails('templates:list', {})).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'your account was disabled; ask an admin'
    })
    expect(await dora.call('session:get', {})).toEqual({ user: null, locked: false })
    expect(
      (await dora.fails('session:login', { username: 'dora', password: 'dora-pass-1' })).code
    ).toBe('WRONG_PASSWORD')
    expect((await harness.client().call('session:users', {})).map((u) => u.username)).toEqual([
      'alice',
      'nina'
    ])
    expect((await admin.fails('users:disable', { username: 'alice' })).code).toBe('CONFLICT')

    const enabled = await admin.call('users:enable', { username: 'dora' })
    expect(enabled.user.disabledAt).toBeNull()
    expect(enabled.user.chainRegisteredAt).not.toBeNull()
    await dora.call('session:login', { username: 'dora', password: 'dora-pass-1' })
  })

  it('resets a forgotten password with a new key; users change their own', async () => {
    const patrick = await userClient(harness, admin, { username: 'patrick', role: 'pathologist' })
    await patrick.call('session:logout', {})
    const before = (await admin.call('users:list', {})).find((u) => u.username === 'patrick')
    const reset = await admin.call('users:reset-password', {
      username: 'patrick',
      newPassword: 'patrick-pass-2'
    })
    expect(reset.user.address).not.toBe(before?.address)
    expect(reset.user.chainRegisteredAt).not.toBeNull()
    expect(
      (await patrick.fails('session:login', { username: 'patrick', password: 'patrick-pass-1' }))
        .code
    ).toBe('WRONG_PASSWORD')
    await patrick.call('session:login', { username: 'patrick', password: 'patrick-pass-2' })
    expect(
      (await admin.fails('users:reset-password', { username: 'alice', newPassword: 'x'.repeat(8) }))
        .code
    ).toBe('CONFLICT')

    expect(
      (
        await patrick.fails('session:change-password', {
          oldPassword: 'wrong-password',
          newPassword: 'patrick-pass-3'
        })
      ).code
    ).toBe('WRONG_PASSWORD')
    await patrick.call('session:change-password', {
      oldPassword: 'patrick-pass-2',
      newPassword: 'patrick-pass-3'
    })
    await patrick.call('session:logout', {})
    await patrick.call('session:login', { username: 'patrick', password: 'patrick-pass-3' })
  })

  it('lists and shows templates, and admins publish a new version on the ledger', async () => {
    const list = await nurse.call('templates:list', {})
    expect(list.map((t) => `${t.slug}@${t.version}`)).toEqual(
      defaultTemplates().map((t) => `${t.slug}@${t.version}`)
    )
    const vitals = await nurse.call('templates:get', { template: 'vitals' })
    expect(vitals).toMatchObject({ slug: 'vital-signs', version: 1, latest: true, versions: [1] })
    expect(vitals.definition.attributes[0]).toMatchObject({
      key: 'heartRate',
      unit: '/min',
      onChain: { kind: 'range', min: 20, max: 250 }
    })
    expect((await nurse.fails('templates:get', { template: 'nope' })).code).toBe('INVALID_ARGUMENT')

    const next = {
      ...vitals.definition,
      version: 2,
      attributes: vitals.definition.attributes.map((a) =>
        a.key === 'heartRate' ? { ...a, onChain: { kind: 'range' as const, min: 30, max: 200 } } : a
      )
    }
    const published = await admin.call('templates:publish', { definition: next })
    expect(published).toMatchObject({
      slug: 'vital-signs',
      version: 2,
      latest: true,
      publishedBy: 'alice'
    })
    expect((await admin.fails('templates:publish', { definition: next })).code).toBe('CONFLICT')
    expect(
      (await admin.fails('templates:publish', { definition: { ...next, version: 3, roles: [] } }))
        .code
    ).toBe('INVALID_ARGUMENT')
    const all = await nurse.call('templates:list', { allVersions: true })
    expect(all.filter((t) => t.slug === 'vital-signs').map((t) => [t.version, t.latest])).toEqual([
      [1, false],
      [2, true]
    ])
  })

  it('logs out: the session forgets the key, and the logout is in the audit log', async () => {
    for (const client of [nurse, admin]) {
      expect(await client.call('session:logout', {})).toEqual({ user: null, locked: false })
    }
    expect(harness.app.store.auditLog.recent(5).some((e) => e.action === 'logout')).toBe(true)
  })
})
