import { randomUUID } from 'node:crypto'
import { describe, expect, it, onTestFinished } from 'vitest'
import { RECORDS } from '../../../src/main/cloud/acknowledged-tables'
import { writeAcknowledged } from '../../../src/main/cloud/acknowledged-writer'
import { CloudRecordInput } from '../../../src/main/cloud/cloud-record'
import { CloudStore, type CloudStoreOptions } from '../../../src/main/cloud/cloud-store'
import { resolveCloudTarget } from '../../../src/main/cloud/cloud-target'
import { connectEngine } from '../../../src/main/cloud/engines/connect-engine'
import { toRecordRow } from '../../../src/main/cloud/record-rows'
import { CLOUD_MIGRATIONS, CLOUD_SCHEMA_VERSION } from '../../../src/main/cloud/schema/migrations'
import { migrateSchema, readSchemaVersion } from '../../../src/main/cloud/schema/migrator'
import type { CloudCredentials } from '../../../src/main/cloud/engines/connect-engine'
import type { CloudSettings } from '../../../src/shared/ipc/schemas'
import { isError, type MediblockError } from '../../../src/shared/errors'
import { acceptedRecords, anchoredBatch, cloudClinic } from '../../fixtures/cloud-records'
import { stalledInsert, type EngineDatabase, type EngineHarness } from './engine-harness'

async function rejection(promise: Promise<unknown>): Promise<MediblockError> {
  try {
    await promise
  } catch (error) {
    if (isError(error)) return error
    throw error
  }
  throw new Error('expected a rejection, and the promise resolved')
}

const settled = async (promise: Promise<unknown>, ms: number) =>
  Promise.race([
    promise.then(
      () => true,
      () => true
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms))
  ])

/**
 * The cloud store's behaviour, the same on every engine. `harness` answers
 * the engine's harness once the file's server is up.
 */
export function describeCloudStore(
  harness: () => EngineHarness,
  options: {
    /** false for an engine that takes no credentials (the embedded one). */
    readonly credentials?: boolean
  } = {}
): void {
  const open = async (
    db: EngineDatabase,
    credentials: CloudCredentials = db.credentials,
    extra: Partial<CloudStoreOptions> & { settings?: CloudSettings } = {}
  ) => {
    const store = await CloudStore.open(extra.settings ?? db.settings, credentials, {
      sqlitePath: db.sqlitePath,
      workstationId: randomUUID(),
      connectTimeoutMs: 3_000,
      ...extra
    })
    onTestFinished(() => store.close())
    return store
  }
  const ready = async (db: EngineDatabase) => {
    const store = await open(db)
    await store.migrate()
    return store
  }
  const embedded = () => harness().name === 'sqlite'

  describe('schema', () => {
    it('says an empty database has no schema yet, then migrates it from empty', async () => {
      const db = await harness().fresh()
      if (embedded()) {
        // The embedded engine has no admin: it migrates itself when opened.
        const store = await open(db)
        expect((await store.check()).schema).toEqual({ current: 2, required: 2 })
        return
      }
      const store = await open(db)
      expect(await store.schemaStatus()).toEqual({ current: 0, required: CLOUD_SCHEMA_VERSION })
      const error = await rejection(store.check())
      expect(error.code).toBe('NOT_CONFIGURED')
      expect(error.message).toMatch(/has no MediBlock schema yet: an admin creates it/)
      await expect(store.upsertRecords(acceptedRecords(cloudClinic(), 1))).rejects.toMatchObject({
        code: 'NOT_CONFIGURED'
      })
      expect(await store.migrate()).toEqual({ from: 0, to: CLOUD_SCHEMA_VERSION })
      const check = await store.check()
      expect(check.schema).toEqual({
        current: CLOUD_SCHEMA_VERSION,
        required: CLOUD_SCHEMA_VERSION
      })
      expect(check.databaseId).toMatch(/^[0-9a-f-]{36}$/)
      expect(check.engine).toBe(db.settings.engine)
      expect(await store.countRecords()).toBe(0)
      expect(await store.migrate()).toEqual({
        from: CLOUD_SCHEMA_VERSION,
        to: CLOUD_SCHEMA_VERSION
      })
    })

    it('migrates schema 1 with real rows to schema 2, keeping every row', async () => {
      const db = await harness().fresh()
      const target = resolveCloudTarget(db.settings, db.sqlitePath)
      const v1 = await connectEngine(target, db.credentials, { connectTimeoutMs: 3_000 })
      const clinic = cloudClinic()
      const rows = acceptedRecords(clinic, 30)
      try {
        expect(await migrateSchema(v1, CLOUD_MIGRATIONS, { appliedBy: 'test', to: 1 })).toEqual({
          from: 0,
          to: 1
        })
        const parsed = rows.map((r) => CloudRecordInput.parse(r))
        const written = await writeAcknowledged(
          v1.db,
          v1.family,
          v1.rowsPerStatement,
          RECORDS,
          parsed,
          new Date().toISOString()
        )
        expect(written.inserted).toHaveLength(30)
        expect(await readSchemaVersion(v1.db, v1.family)).toBe(1)
      } finally {
        await v1.close()
      }
      const store = await open(db)
      if (!embedded()) {
        const error = await rejection(store.check())
        expect(error.code).toBe('NOT_CONFIGURED')
        expect(error.message).toMatch(/schema version 1, older than this MediBlock needs \(2\)/)
        expect(await store.migrate()).toEqual({ from: 1, to: 2 })
      }
      expect((await store.check()).schema.current).toBe(2)
      expect(await store.countRecords()).toBe(30)
      const page = await store.pull(null, { limit: 100 })
      expect(page.records.map((r) => r.tid)).toEqual(rows.map((r) => r.tid))
      expect(page.records[0]?.payload.equals(rows[0]?.payload as Buffer)).toBe(true)
      // Schema 2's table works on the migrated database, and replays stay replays.
      const { rejected } = anchoredBatch(clinic, 2, { reasons: [17, 2] })
      expect((await store.insertRejected(rejected)).inserted).toHaveLength(2)
      expect((await store.upsertRecords(rows)).unchanged).toHaveLength(30)
    })

    it('applies each step once when workstations migrate at the same time', async () => {
      const db = await harness().fresh()
      const stores = await Promise.all([open(db), open(db), open(db)])
      const reports = await Promise.all(stores.map((s) => s.migrate()))
      for (const report of reports) expect(report.to).toBe(CLOUD_SCHEMA_VERSION)
      const session = await db.raw()
      try {
        const rows = await session.db.selectFrom('mediblock_schema').select('version').execute()
        expect(rows.map((r) => Number(r.version)).sort()).toEqual([1, 2])
      } finally {
        await session.close()
      }
    })

    it('refuses a schema newer than it knows, without touching it', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const session = await db.raw()
      try {
        await session.db
          .insertInto('mediblock_schema')
          .values({
            version: 99,
            name: 'future',
            applied_at: new Date().toISOString(),
            applied_by: 'x'
          })
          .execute()
      } finally {
        await session.close()
      }
      const message =
        'the cloud database has schema version 99, newer than this MediBlock knows (2): update MediBlock on this workstation'
      if (embedded()) {
        // Opening the embedded engine migrates it, so opening is what refuses.
        expect(await rejection(open(db))).toMatchObject({ code: 'CONFLICT', message })
      } else {
        const fresh = await open(db)
        expect(await rejection(fresh.check())).toMatchObject({ code: 'CONFLICT', message })
        expect((await rejection(fresh.migrate())).code).toBe('CONFLICT')
        const write = fresh.upsertRecords(acceptedRecords(cloudClinic(), 1))
        expect((await rejection(write)).code).toBe('CONFLICT')
      }
      expect(await store.schemaStatus()).toEqual({ current: 99, required: 2 })
    })
  })

  describe('writing records', () => {
    it('upserts a batch, and a replay of it changes nothing', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const rows = acceptedRecords(cloudClinic(), 120)
      const first = await store.upsertRecords(rows, new Date('2026-02-01T00:00:00.000Z'))
      expect(first).toEqual({ inserted: rows.map((r) => r.tid), unchanged: [], conflicts: [] })
      const before = await store.pull(null, { limit: 500 })
      // The same rows again, later, as after a crash between write and ACK.
      const replay = await store.upsertRecords(rows, new Date('2026-02-02T00:00:00.000Z'))
      expect(replay).toEqual({ inserted: [], unchanged: rows.map((r) => r.tid), conflicts: [] })
      expect(await store.countRecords()).toBe(120)
      const after = await store.pull(null, { limit: 500 })
      expect(after).toEqual(before)
      expect(after.records[0]?.syncedAt).toBe('2026-02-01T00:00:00.000Z')
      // Half old, half new: only the new half is written.
      const more = acceptedRecords(cloudClinic(), 10)
      const mixed = await store.upsertRecords([...rows.slice(0, 10), ...more])
      expect(mixed.inserted).toEqual(more.map((r) => r.tid))
      expect(mixed.unchanged).toEqual(rows.slice(0, 10).map((r) => r.tid))
      expect(await store.countRecords()).toBe(130)
    })

    it('keeps every field of a record exactly', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const [row] = acceptedRecords(cloudClinic(), 1)
      if (!row) throw new Error('no row')
      const withSupersedes = {
        ...row,
        supersedes: acceptedRecords(cloudClinic(), 1)[0]?.tid ?? null
      }
      await store.upsertRecords([withSupersedes], new Date('2026-03-01T12:00:00.000Z'))
      const [stored] = (await store.pull(null)).records
      expect(stored).toEqual({
        ...withSupersedes,
        payload: Buffer.from(row.payload),
        syncedAt: '2026-03-01T12:00:00.000Z'
      })
    })

    it('reads one record by tid as pull reads it, and nothing for a tid it does not hold', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const rows = acceptedRecords(cloudClinic(), 3)
      await store.upsertRecords(rows, new Date('2026-03-01T12:00:00.000Z'))
      const pulled = (await store.pull(null)).records
      for (const row of rows) {
        expect(await store.get(row.tid)).toEqual(pulled.find((r) => r.tid === row.tid))
      }
      expect(await store.get(`0x${'ab'.repeat(16)}`)).toBeUndefined()
    })

    it('reports a different record under a stored tid as a conflict and never overwrites it', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const clinic = cloudClinic()
      const rows = acceptedRecords(clinic, 3)
      await store.upsertRecords(rows)
      const [a, b] = rows as [CloudRecordInput, CloudRecordInput]
      const tampered = { ...a, payload: Buffer.from('not the ciphertext that was stored') }
      const moved = { ...b, blockNumber: b.blockNumber + 1, proof: [] }
      const fresh = acceptedRecords(clinic, 1)
      const result = await store.upsertRecords([tampered, moved, ...fresh])
      expect(result.conflicts).toEqual([
        { tid: a.tid, fields: ['payload'] },
        { tid: b.tid, fields: ['blockNumber', 'proof'] }
      ])
      expect(result.inserted).toEqual(fresh.map((r) => r.tid))
      const stored = (await store.pull(null)).records
      expect(stored.find((r) => r.tid === a.tid)?.payload.equals(Buffer.from(a.payload))).toBe(true)
      expect(stored.find((r) => r.tid === b.tid)?.blockNumber).toBe(b.blockNumber)
      // Within one batch too: the second of two different rows with one tid conflicts.
      const [c] = acceptedRecords(clinic, 1) as [CloudRecordInput]
      const twice = await store.upsertRecords([c, { ...c, leafIndex: 9 }])
      expect(twice.inserted).toEqual([c.tid])
      expect(twice.conflicts).toEqual([{ tid: c.tid, fields: ['leafIndex'] }])
    })

    it('refuses a malformed batch whole: nothing of it is written', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const rows = acceptedRecords(cloudClinic(), 3)
      const [, second] = rows as [CloudRecordInput, CloudRecordInput]
      const forged = { ...second, commitment: `0x${'ab'.repeat(32)}` }
      const error = await rejection(store.upsertRecords([rows[0] as CloudRecordInput, forged]))
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.message).toBe(
        `record ${second.tid}: commitment disagrees with its signed chain record`
      )
      const badTid = await rejection(store.upsertRecords([{ ...second, tid: 'nope' }]))
      expect(badTid.message).toMatch(/^record nope: tid: a tid is 0x and 32 hex digits$/)
      expect(await store.countRecords()).toBe(0)
    })

    it('writes refused records to the audit table only, idempotently', async () => {
      const db = await harness().fresh()
      const store = await ready(db)
      const { accepted, rejected } = anchoredBatch(cloudClinic(), 4, { reasons: [0, 17, 0, 5] })
      expect(rejected.map((r) => r.ackReason)).toEqual([17, 5])
      await store.upsertRecords(accepted)
      expect((await store.insertRejected(rejected)).inserted).toEqual(rejected.map((r) => r.tid))
      expect((await store.insertRejected(rejected)).unchanged).toEqual(rejected.map((r) => r.tid))
      expect(await store.countRejected()).toBe(2)
      expect(await store.countRecords()).toBe(2)
      expect((await store.pull(null)).records.map((r) => r.tid)).toEqual(accepted.map((r) => r.tid))
      const [first] = rejected as [(typeof rejected)[number]]
      expect((await store.insertRejected([{ ...first, ackReason: 18 }])).conflicts).toEqual([
        { tid: first.tid, fields: ['ackReason'] }
      ])
      // An accepted record is not an audit row, nor a refused one a record.
      expect((await rejection(store.insertRejected([accepted[0] as never]))).code).toBe(
        'INVALID_ARGUMENT'
      )
      expect((await rejection(store.upsertRecords([first as never]))).code).toBe('INVALID_ARGUMENT')
    })
  })

  describe('pulling by cursor', () => {
    it("pages through other workstations' records in order and moves past its own", async () => {
      const db = await harness().fresh()
      const [a, b, c] = await Promise.all([ready(db), open(db), open(db)])
      const clinic = cloudClinic()
      const [wsA, wsB, wsC] = [randomUUID(), randomUUID(), randomUUID()]
      const fromA = acceptedRecords(clinic, 25, wsA)
      const fromB = acceptedRecords(clinic, 25, wsB)
      const fromC = acceptedRecords(clinic, 5, wsC)
      await a.upsertRecords(fromA.slice(0, 10))
      await b.upsertRecords(fromB.slice(0, 10))
      await c.upsertRecords(fromC)
      await a.upsertRecords(fromA.slice(10))
      await b.upsertRecords(fromB.slice(10))
      const expected = [
        ...fromA.slice(0, 10),
        ...fromB.slice(0, 10),
        ...fromA.slice(10),
        ...fromB.slice(10)
      ]
      const seen: string[] = []
      let cursor: string | null = null
      let pages = 0
      for (;;) {
        const page = await c.pull(cursor, { excludeWorkstation: wsC, limit: 7 })
        seen.push(...page.records.map((r) => r.tid))
        expect(page.records.every((r) => r.workstationId !== wsC)).toBe(true)
        cursor = page.cursor
        pages++
        if (!page.more) break
      }
      expect(seen).toEqual(expected.map((r) => r.tid))
      expect(pages).toBe(Math.ceil(expected.length / 7) + (expected.length % 7 === 0 ? 1 : 0))
      // Nothing new: an empty page, and the cursor stays put.
      const again = await c.pull(cursor, { excludeWorkstation: wsC })
      expect(again).toEqual({ records: [], cursor, more: false })
      // A's view: only B's and C's, and after its last own rows the cursor is at the end.
      const forA = await a.pull(null, { excludeWorkstation: wsA, limit: 500 })
      expect(forA.records.map((r) => r.workstationId).every((w) => w !== wsA)).toBe(true)
      expect(forA.records).toHaveLength(30)
      expect(forA.cursor).toBe(cursor)
    })

    it('refuses a cursor from another cloud database', async () => {
      const [one, two] = [await harness().fresh(), await harness().fresh()]
      const first = await ready(one)
      const second = await ready(two)
      await first.upsertRecords(acceptedRecords(cloudClinic(), 2))
      const { cursor } = await first.pull(null)
      const error = await rejection(second.pull(cursor))
      expect(error.code).toBe('CONFLICT')
      expect(error.message).toMatch(/belongs to another cloud database/)
      expect((await rejection(second.pull('garbage'))).code).toBe('INVALID_ARGUMENT')
    })

    it('never skips a record whose write commits after a later one began', async () => {
      // Writer A stalls before its commit (its insert waits on a foreign
      // session's uncommitted row with the same tid); writer B comes after.
      // With a plain sequence B could commit a larger value first, a reader
      // would move its cursor past A's, and A's record would never be pulled.
      const db = await harness().fresh()
      const [a, b, reader] = await Promise.all([ready(db), open(db), open(db)])
      const clinic = cloudClinic()
      const [x] = acceptedRecords(clinic, 1, randomUUID()) as [CloudRecordInput]
      const [y] = acceptedRecords(clinic, 1, randomUUID()) as [CloudRecordInput]
      const session = await db.raw()
      onTestFinished(() => session.close())
      const stall = await stalledInsert(
        session,
        toRecordRow(CloudRecordInput.parse(x), 1_000_000_000, new Date().toISOString())
      )
      let writeA: Promise<unknown> | undefined
      try {
        writeA = a.upsertRecords([x])
        expect(await settled(writeA, 400)).toBe(false)
        const writeB = b.upsertRecords([y])
        expect(await settled(writeB, 400)).toBe(false)
        const during = await reader.pull(null)
        expect(during.records).toEqual([])
        await stall.release()
        const [resultA, resultB] = await Promise.all([writeA, writeB])
        expect(resultA).toMatchObject({ inserted: [x.tid] })
        expect(resultB).toMatchObject({ inserted: [y.tid] })
        const after = await reader.pull(during.cursor)
        expect(after.records.map((r) => r.tid).sort()).toEqual([x.tid, y.tid].sort())
      } finally {
        await stall.release()
        await writeA?.catch(() => undefined)
      }
    })

    it('loses nothing while several workstations write and one pulls', async () => {
      const db = await harness().fresh()
      const writers = await Promise.all([ready(db), open(db), open(db)])
      const reader = await open(db)
      const clinic = cloudClinic()
      const readerWs = randomUUID()
      const batches = writers.map((_, w) =>
        Array.from({ length: 6 }, () =>
          acceptedRecords(clinic, 8, `00000000-0000-4000-8000-00000000000${w}`)
        )
      )
      const seen: string[] = []
      let cursor: string | null = null
      let writing = true
      const pulling = (async () => {
        while (writing) {
          const page = await reader.pull(cursor, { excludeWorkstation: readerWs })
          seen.push(...page.records.map((r) => r.tid))
          cursor = page.cursor
          // Let the writers' timers run (better-sqlite3 answers without yielding).
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      })()
      try {
        await Promise.all(
          writers.map(async (store, w) => {
            for (const batch of batches[w] ?? []) await store.upsertRecords(batch)
          })
        )
      } finally {
        writing = false
        await pulling
      }
      for (;;) {
        const page = await reader.pull(cursor, { excludeWorkstation: readerWs })
        seen.push(...page.records.map((r) => r.tid))
        cursor = page.cursor
        if (!page.more) break
      }
      const all = batches.flat(2).map((r) => r.tid)
      expect(seen).toHaveLength(all.length)
      expect(new Set(seen)).toEqual(new Set(all))
    })
  })

  describe('failures', () => {
    // The embedded engine has no password to get wrong: the test is not defined for it.
    if (options.credentials !== false) {
      it('says a wrong password was refused, plainly', async () => {
        const db = await harness().fresh()
        const store = await open(db, db.wrongCredentials)
        const error = await rejection(store.check())
        expect(error.code).toBe('UNAUTHENTICATED')
        expect(error.message).toMatch(/refused|AWS refused/)
        expect(error.message).not.toMatch(/SELECT|select|\n|at .*\.js/)
      })
    }

    it('fails fast, with a clear message, when the server cannot be reached', async () => {
      const store = await CloudStore.open(
        harness().unreachable(),
        { password: 'x', secretAccessKey: 'x' },
        {
          sqlitePath: '/proc/version/cloud.db',
          connectTimeoutMs: 1_000
        }
      ).catch((error: unknown) => error)
      const started = Date.now()
      const error = isError(store) ? store : await rejection((store as CloudStore).check())
      if (!isError(store)) await (store as CloudStore).close()
      expect(Date.now() - started).toBeLessThan(5_000)
      expect(error.code).toBe('UNAVAILABLE')
      expect(error.message).toMatch(/^cannot (reach|open)/)
    })
  })
}
