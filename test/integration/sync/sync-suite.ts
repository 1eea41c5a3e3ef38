import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { JsonRpcProvider, Network, parseEther, type Contract } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployLedger } from '../../../src/main/chain/deploy-ledger'
import { ledgerAt, sendLedgerTx } from '../../../src/main/chain/ledger-artifact'
import { cliOn, vitalsArgs } from '../../support/cli-workstation'
import { freePort } from '../../support/free-port'
import { GanacheServer, REMOTE_CHAIN_ID } from '../../support/ganache-server'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'
const PASSPHRASE = 'correct horse battery staple'
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}`
const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN }
const asNurse = { MEDIBLOCK_PASSWORD: NURSE }
/** A refused connection must be reported long before a hung connect would give up (30 s). */
const FAST_MS = 10_000

type Json = Record<string, unknown>

/** One fresh database on the engine's server, as `mediblock cloud set` is told about it. */
export interface SyncCloud {
  /** The flags of `cloud set` after `--engine` (no `--as`). */
  readonly setArgs: readonly string[]
  /** What goes in MEDIBLOCK_CLOUD_PASSWORD: the database password or the AWS secret key. */
  readonly password: string
  /** Every tid in `records` or `rejected_records`, read behind the app's back. */
  tids(table: 'records' | 'rejected_records'): Promise<string[]>
  /** Overwrites one row's payload with 16 bytes of something else, behind the app's back. */
  scramble(tid: string): Promise<void>
}

/** One cloud engine under test: its server(s), shared by the file. */
export interface SyncEngine {
  /** `--engine` of `cloud set`. */
  readonly engine: 'postgres' | 'mysql' | 'data-api'
  start(): Promise<void>
  dispose(): Promise<void>
  fresh(): Promise<SyncCloud>
  /** The cloud goes away (what a workstation connects to stops answering), then comes back. */
  stop(): Promise<void>
  restart(): Promise<void>
  /** `cloud set` flags (after `--engine`) for the same engine at a closed loopback port. */
  unreachable(closedPort: number): readonly string[]
}

/** One workstation: its own data dir, its secrets in the vault. */
function workstation(root: string, name: string) {
  const dataDir = mkdtempSync(join(root, `${name}-`))
  const { run, ok } = cliOn(dataDir)
  /** A vitals record for patient M1 by nina; 400 bpm is refused by the contract. */
  const vitals = (heartRate: number) =>
    ok<{ tid: string; state: string }>(vitalsArgs(heartRate), asNurse)
  const sync = () => ok<Json>(['sync', '--as', 'nina'], asNurse)
  /** `sync` expected to fail: its exit code, its stderr, its JSON error, and how long it took. */
  const failedSync = () => {
    const started = Date.now()
    const result = run(['--json', 'sync', '--as', 'nina'], asNurse)
    const ms = Date.now() - started
    const { error } = JSON.parse(result.stdout || '{}') as { error?: { code: string } }
    return { ...result, ms, code: error?.code }
  }
  const backlog = () => ok<{ cloudBacklog: number }>(['queue']).cloudBacklog
  /** The outbox, read from the local store: what waits, and the last error of each. */
  const outbox = () => {
    const db = new BetterSqlite3(join(dataDir, 'local.db'), { readonly: true })
    try {
      return db
        .prepare('SELECT tid, attempts, next_attempt_at, last_error FROM cloud_outbox ORDER BY tid')
        .all() as { tid: string; attempts: number; next_attempt_at: string; last_error: string }[]
    } finally {
      db.close()
    }
  }
  /** Waits out the backoff of every record in the outbox. */
  const retryDue = async () => {
    const latest = Math.max(0, ...outbox().map((r) => Date.parse(r.next_attempt_at)))
    const wait = latest - Date.now() + 50
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
  }
  return { dataDir, run, ok, vitals, sync, failedSync, backlog, outbox, retryDue }
}

type Workstation = ReturnType<typeof workstation>

/**
 * Sync through the CLI on one cloud engine: two workstations of one clinic
 * on a remote ganache (instamining, no confirmations) and the engine's real
 * server, shared by the file; push, pull, replays, an outage, a wrong
 * password and an unreachable host.
 */
export function describeSyncOn(label: string, engine: SyncEngine): void {
  describe(`sync through ${label}, two workstations, one remote ledger`, () => {
    let root: string
    let chain: GanacheServer
    let provider: JsonRpcProvider
    let ledger: Contract
    let cloud: SyncCloud
    let one: Workstation
    let two: Workstation | undefined
    const cloudSet = (ws: Workstation, args: readonly string[], password: string) =>
      ws.ok(['cloud', 'set', '--engine', engine.engine, ...args, '--as', 'admin'], {
        ...asAdmin,
        MEDIBLOCK_CLOUD_PASSWORD: password
      })
    const count = async (table: 'records' | 'rejected_records') => (await cloud.tids(table)).length

    /** What the ledger's operator does for a new clinic's admin and handshaker. */
    async function authorize(init: { handshaker: string; adminAddress: string }) {
      const operator = chain.operator.connect(provider)
      const role = (await ledger.getFunction('HANDSHAKER_ROLE')()) as string
      await sendLedgerTx(ledger, 'grantRole', role, init.handshaker)
      await sendLedgerTx(ledger, 'grantRole', DEFAULT_ADMIN_ROLE, init.adminAddress)
      for (const to of [init.handshaker, init.adminAddress]) {
        await (await operator.sendTransaction({ to, value: parseEther('10') })).wait()
      }
    }

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), `mediblock-sync-${engine.engine}-`))
      ;[chain] = await Promise.all([
        GanacheServer.start({ dbPath: join(root, 'chain') }),
        engine.start()
      ])
      const network = Network.from(REMOTE_CHAIN_ID)
      provider = new JsonRpcProvider(chain.url, network, {
        staticNetwork: network,
        batchMaxCount: 1,
        cacheTimeout: -1
      })
      provider.pollingInterval = 50
      const deployment = await deployLedger({ admin: chain.operator.connect(provider) })
      ledger = ledgerAt(deployment.address, chain.operator.connect(provider))
      cloud = await engine.fresh()

      one = workstation(root, 'one')
      const init = one.ok<{ handshaker: string; adminAddress: string }>(
        [
          'init',
          '--clinic',
          'Riverside',
          '--admin',
          'admin',
          '--node',
          chain.url,
          '--contract',
          deployment.address,
          '--confirmations',
          '0'
        ],
        asAdmin
      )
      await authorize(init)
      one.ok(
        ['user', 'add', '--username', 'nina', '--name', 'Nina', '--role', 'nurse', '--as', 'admin'],
        { ...asAdmin, MEDIBLOCK_NEW_PASSWORD: NURSE }
      )
      cloudSet(one, cloud.setArgs, cloud.password)
      one.ok(['cloud', 'migrate', '--as', 'admin'], asAdmin)
      expect(one.ok(['cloud', 'test', '--as', 'admin'], asAdmin)).toMatchObject({
        ok: true,
        engine: engine.engine,
        records: 0
      })
      one.ok(
        [
          'patient',
          'add',
          '--name',
          'Jo Bloggs',
          '--dob',
          '1980-01-01',
          '--mrn',
          'M1',
          '--consent',
          'yes',
          '--as',
          'nina'
        ],
        asNurse
      )
    }, 240_000)

    afterAll(async () => {
      provider?.destroy()
      await Promise.all([chain?.stop(), engine.dispose()])
      if (root) rmSync(root, { recursive: true, force: true })
    })

    /** Every record workstation one acknowledged is in the cloud once, and `verify` agrees. */
    async function everyRecordOnceAndVerified() {
      const local = one.ok<{ tid: string; state: string }[]>(['record', 'list'])
      const accepted = local.filter((r) => r.state !== 'rejected').map((r) => r.tid)
      const rows = await cloud.tids('records')
      expect(new Set(rows).size).toBe(rows.length)
      expect(rows).toEqual(expect.arrayContaining(accepted))
      expect(rows).toHaveLength(accepted.length)
      expect(one.ok(['verify', '--as', 'admin'], asAdmin)).toEqual({
        checked: rows.length,
        verified: rows.length,
        problems: []
      })
    }

    it('pushes and pulls between two workstations, and replays change nothing', async () => {
      expect(one.vitals(72)).toMatchObject({ state: 'anchored' })
      const refused = one.vitals(400)
      expect(refused).toMatchObject({ state: 'rejected' })
      // The patient's registration and the vitals; the refusal to the audit table.
      expect(one.sync()).toMatchObject({
        pushed: 2,
        unchanged: 0,
        rejections: 1,
        conflicts: [],
        imported: 0,
        problems: 0,
        outbox: { waiting: 0 }
      })
      expect(await count('records')).toBe(2)
      expect(await cloud.tids('rejected_records')).toEqual([refused.tid])
      // A second sync pushes nothing.
      expect(one.sync()).toMatchObject({ pushed: 0, unchanged: 0, rejections: 0, imported: 0 })

      // A crash after the cloud write and before the local mark: the push is replayed.
      const replayed = one.vitals(73)
      one.sync()
      const local = new BetterSqlite3(join(one.dataDir, 'local.db'))
      local
        .prepare("UPDATE records SET state = 'anchored', synced_at = NULL WHERE tid = ?")
        .run(replayed.tid)
      local
        .prepare(
          "INSERT INTO cloud_outbox (tid, next_attempt_at) VALUES (?, '2000-01-01T00:00:00.000Z')"
        )
        .run(replayed.tid)
      local.close()
      expect(one.backlog()).toBe(1)
      expect(one.sync()).toMatchObject({ pushed: 0, unchanged: 1, outbox: { waiting: 0 } })
      expect(await count('records')).toBe(3)

      // Workstation 2 joins with an enrollment file; the cloud settings and password come with it.
      const file = join(one.dataDir, 'enroll.mbenroll')
      const exported = one.ok<{ handshaker: string; authorized: boolean }>(
        ['enroll', 'export', '--out', file, '--as', 'admin', '--fund', '1'],
        { ...asAdmin, MEDIBLOCK_ENROLL_PASSPHRASE: PASSPHRASE }
      )
      expect(exported.authorized).toBe(true)
      const ws2 = workstation(root, 'two')
      two = ws2
      const wrong = ws2.run(['init', '--join', file, '--admin', 'admin'], {
        ...asAdmin,
        MEDIBLOCK_ENROLL_PASSPHRASE: 'not the passphrase'
      })
      expect(wrong.status).toBe(2)
      expect(wrong.stderr).toMatch(/wrong passphrase/)
      expect(
        ws2.ok(['init', '--join', file, '--admin', 'admin'], {
          ...asAdmin,
          MEDIBLOCK_ENROLL_PASSPHRASE: PASSPHRASE
        })
      ).toMatchObject({ clinic: 'Riverside', users: 2, handshaker: exported.handshaker })
      ws2.ok(['user', 'slot', 'nina', '--as', 'admin'], {
        ...asAdmin,
        MEDIBLOCK_USER_PASSWORD: NURSE
      })
      expect(ws2.ok(['cloud', 'test', '--as', 'nina'], asNurse)).toMatchObject({
        engine: engine.engine,
        records: 3,
        rejected: 1
      })

      // It pulls workstation 1's records, verified against the chain, once.
      expect(ws2.sync()).toMatchObject({ pushed: 0, imported: 3, problems: 0 })
      expect(ws2.sync()).toMatchObject({ pushed: 0, imported: 0, problems: 0 })
      expect(ws2.ok<unknown[]>(['patient', 'list', '--as', 'nina'], asNurse)).toEqual([
        expect.objectContaining({ name: 'Jo Bloggs', mrn: 'M1' })
      ])

      // Workstation 2 writes; workstation 1 pulls it.
      const theirs = ws2.vitals(75)
      expect(theirs).toMatchObject({ state: 'anchored' })
      expect(ws2.sync()).toMatchObject({ pushed: 1, imported: 0 })
      expect(one.sync()).toMatchObject({ pushed: 0, imported: 1, problems: 0 })
      expect(one.ok<{ tid: string }[]>(['record', 'list'])).toEqual(
        expect.arrayContaining([expect.objectContaining({ tid: theirs.tid })])
      )
      expect(await count('records')).toBe(4)
      await everyRecordOnceAndVerified()
    })

    it('keeps entering records through an outage and pushes each once when the cloud is back', async () => {
      const before = await count('records')
      // Acknowledged and waiting in the outbox when the cloud goes away...
      const waiting = [one.vitals(80), one.vitals(81)]
      await engine.stop()
      let stopped = true
      try {
        // ... and more entered while it is away: the ledger still acknowledges them.
        const during = [one.vitals(82), one.vitals(83), one.vitals(84)]
        for (const r of [...waiting, ...during]) expect(r.state).toBe('anchored')
        expect(one.backlog()).toBe(5)

        const failed = one.failedSync()
        expect(failed.status).toBe(2)
        expect(failed.code).toBe('UNAVAILABLE')
        expect(failed.stderr).toMatch(/^mediblock: cannot reach [^\n]*connection refused[^\n]*\n$/)
        expect(failed.ms).toBeLessThan(FAST_MS)

        // Nothing lost: the backlog and the error are shown.
        expect(one.backlog()).toBe(5)
        expect(one.ok(['status'])).toMatchObject({
          queue: { cloudBacklog: 5 },
          sync: { lastError: expect.stringMatching(/^cannot reach /) as unknown }
        })
        expect(one.run(['status']).stdout).toMatch(/Last sync\s+failed [^\n]*cannot reach /)
        const outbox = one.outbox()
        expect(outbox.map((r) => r.tid).sort()).toEqual(
          [...waiting, ...during].map((r) => r.tid).sort()
        )
        expect(outbox.every((r) => r.attempts === 1 && /cannot reach/.test(r.last_error))).toBe(
          true
        )
        expect(await count('records').catch(() => before)).toBe(before)

        await engine.restart()
        stopped = false
        await one.retryDue()
        expect(one.sync()).toMatchObject({
          pushed: 5,
          unchanged: 0,
          conflicts: [],
          outbox: { waiting: 0 }
        })
        expect(one.ok(['status'])).toMatchObject({
          queue: { cloudBacklog: 0 },
          sync: { lastError: null }
        })
        expect(one.sync()).toMatchObject({ pushed: 0, unchanged: 0 })
        expect(await count('records')).toBe(before + 5)
        await everyRecordOnceAndVerified()
        // The other workstation pulls all five, once.
        if (two) expect(two.sync()).toMatchObject({ imported: 5, problems: 0 })
      } finally {
        if (stopped) await engine.restart()
      }
    })

    it('says authentication failed when the cloud password is wrong, and loses nothing', async () => {
      const waiting = one.vitals(90)
      const before = await count('records')
      cloudSet(one, cloud.setArgs, `${cloud.password}-wrong`)
      try {
        const failed = one.failedSync()
        expect(failed.status).toBe(2)
        expect(failed.code).toBe('UNAUTHENTICATED')
        expect(failed.stderr).toMatch(/^mediblock: [^\n]*refused[^\n]*\n$/)
        expect(failed.ms).toBeLessThan(FAST_MS)
        expect(one.outbox()).toEqual([expect.objectContaining({ tid: waiting.tid, attempts: 1 })])
        expect(one.backlog()).toBe(1)
        expect(await count('records')).toBe(before)
      } finally {
        cloudSet(one, cloud.setArgs, cloud.password)
      }
      await one.retryDue()
      expect(one.sync()).toMatchObject({ pushed: 1, outbox: { waiting: 0 } })
      expect(await count('records')).toBe(before + 1)
    })

    it('fails fast with a clear message when the cloud host does not answer, and loses nothing', async () => {
      const waiting = one.vitals(91)
      const before = await count('records')
      const closedPort = await freePort()
      cloudSet(one, engine.unreachable(closedPort), cloud.password)
      try {
        const failed = one.failedSync()
        expect(failed.status).toBe(2)
        expect(failed.code).toBe('UNAVAILABLE')
        expect(failed.stderr).toMatch(
          new RegExp(`^mediblock: cannot reach [^\\n]*:${closedPort}[^\\n]*connection refused`)
        )
        expect(failed.stderr.split('\n')).toHaveLength(2)
        expect(failed.ms).toBeLessThan(FAST_MS)
        expect(one.outbox()).toEqual([expect.objectContaining({ tid: waiting.tid, attempts: 1 })])
        expect(one.backlog()).toBe(1)
      } finally {
        cloudSet(one, cloud.setArgs, cloud.password)
      }
      await one.retryDue()
      expect(one.sync()).toMatchObject({ pushed: 1, outbox: { waiting: 0 } })
      expect(await count('records')).toBe(before + 1)
      await everyRecordOnceAndVerified()
    })

    // Last: it leaves a damaged row in the cloud.
    it('refuses to import a row altered in the cloud behind the back of the app, and names it', async () => {
      if (!two) throw new Error('the first test did not set up workstation two')
      expect(two.sync()).toMatchObject({ problems: 0 })
      const held = two.ok<unknown[]>(['record', 'list']).length
      const tampered = one.vitals(92)
      expect(one.sync()).toMatchObject({ pushed: 1 })
      await cloud.scramble(tampered.tid)
      const refused = two.run(['--json', 'sync', '--as', 'nina'], asNurse)
      expect(refused.status).toBe(1)
      const report = JSON.parse(refused.stdout) as { imported: number; problemRecords: Json[] }
      expect(report.imported).toBe(0)
      expect(report.problemRecords).toEqual([
        expect.objectContaining({ tid: tampered.tid, kind: 'undecryptable' })
      ])
      expect(two.ok<unknown[]>(['record', 'list'])).toHaveLength(held)
    })
  })
}
