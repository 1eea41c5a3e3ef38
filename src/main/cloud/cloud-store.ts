import { makeError } from '../../shared/errors'
import type { CloudEngine, CloudSettings } from '../../shared/ipc/schemas'
import { RECORDS, REJECTED } from './acknowledged-tables'
import { writeAcknowledged, type WriteResult } from './acknowledged-writer'
import { CloudRecordInput, parseRows, RejectedRecordInput, type CloudRecord } from './cloud-record'
import { describeTarget, resolveCloudTarget, type CloudTarget } from './cloud-target'
import type { CloudConnection } from './engines/cloud-connection'
import { connectEngine, type CloudCredentials } from './engines/connect-engine'
import { decodeCursor, encodeCursor, nextCursorSeq, type PullCursor } from './pull-cursor'
import { fromRecordRow } from './record-rows'
import { CLOUD_MIGRATIONS, CLOUD_SCHEMA_VERSION } from './schema/migrations'
import {
  migrateSchema,
  readSchemaVersion,
  schemaTooNew,
  type MigrationReport,
  type SchemaStatus
} from './schema/migrator'
import { META } from './schema/tables'

/** How long connecting may take, by default, before a server counts as unreachable. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
/** Records a pull answers at most, by default. */
export const DEFAULT_PULL_LIMIT = 200

/** How {@link CloudStore.open} finds and reaches the store, besides the settings. */
export interface CloudStoreOptions {
  /** Where the embedded engine keeps its file: the data dir's `cloud.db`. */
  readonly sqlitePath: string
  /** This workstation's id; recorded with each migration it applies. */
  readonly workstationId?: string
  /** How long connecting may take before the server counts as unreachable (5 s). */
  readonly connectTimeoutMs?: number
  /** better-sqlite3 addon built for the running runtime (Electron). */
  readonly nativeBinding?: string
}

/** What {@link CloudStore.check} found: the store is reachable and its schema is the one needed. */
export interface CloudCheck {
  readonly engine: CloudEngine
  /** `true` for the embedded stand-in, which no other workstation can reach. */
  readonly embedded: boolean
  /** Where, in words, without secrets: `PostgreSQL at db.example.org:5432`. */
  readonly where: string
  /** The server's product and version: `PostgreSQL 15.18`. */
  readonly serverVersion: string
  readonly schema: SchemaStatus
  /** The database's random id, given when its schema was created. */
  readonly databaseId: string
}

/** Options of {@link CloudStore.pull}. */
export interface PullOptions {
  /** Leave out the records this workstation wrote (it has them). */
  readonly excludeWorkstation?: string
  /** Most records in the page (200); engines may answer fewer, with `more` set. */
  readonly limit?: number
}

/** One page of records in cloud order. */
export interface PullPage {
  readonly records: readonly CloudRecord[]
  /** Where the next pull starts; store it, even when the page is empty. */
  readonly cursor: PullCursor
  /** `true` when more records may follow at once: pull again. */
  readonly more: boolean
}

/** What a batched write did, tid by tid; see {@link CloudStore.upsertRecords}. */
export type UpsertResult = WriteResult

/**
 * The cloud database of a clinic, on any of its engines: what the sync loop
 * pushes acknowledged records to and pulls other workstations' records
 * from. One schema (`records`, `rejected_records`, and MediBlock's meta
 * tables) on embedded SQLite, PostgreSQL, MySQL/MariaDB, or Aurora
 * PostgreSQL through the RDS Data API.
 *
 * Every failure is a coded error whose message says what is wrong
 * (unreachable, authentication, no such database, schema too old or too
 * new) without SQL or stack; the driver's error is its `cause`.
 *
 * @example
 * const cloud = await CloudStore.open(settings, credentials, { sqlitePath })
 * await cloud.check()
 * const { inserted, unchanged, conflicts } = await cloud.upsertRecords(rows)
 * const page = await cloud.pull(cursor, { excludeWorkstation: workstationId })
 * await cloud.close()
 */
export class CloudStore {
  readonly #connection: CloudConnection
  readonly #workstationId: string
  #ready: Promise<CloudCheck> | undefined

  private constructor(connection: CloudConnection, workstationId: string) {
    this.#connection = connection
    this.#workstationId = workstationId
  }

  /**
   * Connects to the cloud store the settings name. Servers are contacted on
   * first use, so this fails only for incomplete settings (`NOT_CONFIGURED`)
   * or, for the embedded engine, a file that cannot be opened. The embedded
   * engine is migrated here, like the local store: it has no admin to do it.
   */
  static async open(
    settings: CloudSettings,
    credentials: CloudCredentials,
    options: CloudStoreOptions
  ): Promise<CloudStore> {
    const target = resolveCloudTarget(settings, options.sqlitePath)
    const connection = await connectEngine(target, credentials, {
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      nativeBinding: options.nativeBinding
    })
    const store = new CloudStore(connection, options.workstationId ?? 'unknown')
    if (target.engine === 'sqlite') {
      try {
        await store.migrate()
      } catch (error) {
        await connection.close()
        throw error
      }
    }
    return store
  }

  /** Where the store is, resolved from the settings (no secrets). */
  get target(): CloudTarget {
    return this.#connection.target
  }

  /** Where, in words: `PostgreSQL at db.example.org:5432`. */
  get where(): string {
    return describeTarget(this.#connection.target)
  }

  /**
   * Connects and checks the schema version. Throws, with a message that
   * says exactly what is wrong: `UNAVAILABLE` (host unreachable, no answer
   * within the connect timeout, TLS refused), `UNAUTHENTICATED` (wrong
   * password or key), `NOT_FOUND` (no such database or cluster),
   * `FORBIDDEN` (the user lacks a privilege), `NOT_CONFIGURED` (no MediBlock
   * schema yet, or one older than this MediBlock needs: migrate),
   * `CONFLICT` (a schema newer than this MediBlock knows: update it).
   */
  async check(): Promise<CloudCheck> {
    const { current } = await this.schemaStatus()
    const required = CLOUD_SCHEMA_VERSION
    if (current === 0) {
      throw makeError(
        `the cloud database (${this.where}) has no MediBlock schema yet: an admin creates it (mediblock cloud migrate)`,
        'NOT_CONFIGURED',
        { current, required }
      )
    }
    if (current < required) {
      throw makeError(
        `the cloud database (${this.where}) has schema version ${current}, older than this MediBlock needs ` +
          `(${required}): an admin updates it (mediblock cloud migrate)`,
        'NOT_CONFIGURED',
        { current, required }
      )
    }
    if (current > required) throw schemaTooNew(current, required)
    return this.#run(async (db) => {
      const serverVersion = await this.#connection.serverVersion()
      const row = await db
        .selectFrom('mediblock_meta')
        .select('text_value')
        .where('name', '=', META.databaseId)
        .executeTakeFirst()
      return {
        engine: this.#connection.target.engine,
        embedded: this.#connection.target.engine === 'sqlite',
        where: this.where,
        serverVersion,
        schema: { current, required },
        databaseId: row?.text_value ?? ''
      }
    })
  }

  /** Connects and reads the schema version, without judging it; throws only when it cannot. */
  async schemaStatus(): Promise<SchemaStatus> {
    const current = await this.#run((db) => readSchemaVersion(db, this.#connection.family))
    return { current, required: CLOUD_SCHEMA_VERSION }
  }

  /**
   * Creates or updates the schema to the version this MediBlock needs. Safe
   * to call again and from several workstations at once (each step runs
   * once, under a lock); `CONFLICT` for a newer schema, left untouched.
   */
  async migrate(): Promise<MigrationReport> {
    this.#ready = undefined
    return this.#run(() =>
      migrateSchema(this.#connection, CLOUD_MIGRATIONS, { appliedBy: this.#workstationId })
    )
  }

  /**
   * Writes accepted records, idempotently by tid, in one transaction: new
   * tids are inserted; a tid already stored with the same content is left
   * alone (a replay changes nothing); one stored with different content is
   * NOT overwritten and comes back in `conflicts`. Rows are checked first
   * (`INVALID_ARGUMENT` for a malformed one, and nothing is written).
   * Batches of a few hundred rows suit every engine.
   *
   * @param rows records the contract accepted (`ackStatus` `valid`, reason 0)
   * @param now the write time recorded as `syncedAt` on new rows
   */
  async upsertRecords(
    rows: readonly CloudRecordInput[],
    now: Date = new Date()
  ): Promise<UpsertResult> {
    const parsed = parseRows(CloudRecordInput, rows)
    await this.#checked()
    const { db, family, rowsPerStatement } = this.#connection
    return this.#run(() =>
      writeAcknowledged(db, family, rowsPerStatement, RECORDS, parsed, now.toISOString())
    )
  }

  /**
   * Restores accepted records: like {@link upsertRecords}, but a row stored
   * differently under one of the tids is rewritten (with a new place in pull
   * order). Only for rows proven damaged by an audit, from a copy that
   * itself verified against the chain; the caller logs each restore.
   */
  async restoreRecords(
    rows: readonly CloudRecordInput[],
    now: Date = new Date()
  ): Promise<UpsertResult> {
    const parsed = parseRows(CloudRecordInput, rows)
    await this.#checked()
    const { db, family, rowsPerStatement } = this.#connection
    return this.#run(() =>
      writeAcknowledged(db, family, rowsPerStatement, RECORDS, parsed, now.toISOString(), true)
    )
  }

  /**
   * Removes rows from `records` that have no place there (forged: no
   * anchor; or refused by the ledger yet stored as valid). Answers the tids
   * removed. Only after an audit named them; the caller logs each.
   */
  async removeRecords(tids: readonly string[]): Promise<string[]> {
    await this.#checked()
    if (tids.length === 0) return []
    return this.#run(async (db) => {
      const present = await db
        .selectFrom('records')
        .select('tid')
        .where('tid', 'in', [...tids])
        .execute()
      await db
        .deleteFrom('records')
        .where('tid', 'in', [...tids])
        .execute()
      return present.map((r) => r.tid)
    })
  }

  /**
   * Writes records the contract refused to the audit table
   * `rejected_records` (never to `records`), with the same idempotence and
   * conflict rules as {@link upsertRecords}.
   */
  async insertRejected(
    rows: readonly RejectedRecordInput[],
    now: Date = new Date()
  ): Promise<UpsertResult> {
    const parsed = parseRows(RejectedRecordInput, rows)
    await this.#checked()
    const { db, family, rowsPerStatement } = this.#connection
    return this.#run(() =>
      writeAcknowledged(db, family, rowsPerStatement, REJECTED, parsed, now.toISOString())
    )
  }

  /**
   * The records written after `cursor`, in the order their writes
   * committed, optionally without one workstation's own. Never skips a
   * record: writers take turns on a lock, so cloud order is commit order
   * (docs/CLOUD.md, "The pull cursor"). Store the answer's `cursor` and
   * pass it next time, even when the page is empty.
   *
   * @param cursor `null` to start from the beginning
   */
  async pull(cursor: PullCursor | null, options: PullOptions = {}): Promise<PullPage> {
    const { databaseId } = await this.#checked()
    const from = decodeCursor(cursor, databaseId)
    const limit = Math.max(
      1,
      Math.min(options.limit ?? DEFAULT_PULL_LIMIT, this.#connection.rowsPerStatement)
    )
    return this.#run(async (db) => {
      // The high-water mark first: every row up to it has committed.
      const high = Number(
        (
          await db
            .selectFrom('mediblock_meta')
            .select('int_value')
            .where('name', '=', META.recordsSequence)
            .executeTakeFirst()
        )?.int_value ?? 0
      )
      if (from > high) {
        throw makeError(
          'the pull cursor is ahead of the cloud database (it was restored from an older backup?); ' +
            'pull again from the start',
          'CONFLICT',
          { from, high }
        )
      }
      let query = db.selectFrom('records').selectAll().where('cloud_seq', '>', from)
      if (options.excludeWorkstation !== undefined) {
        query = query.where('workstation_id', '<>', options.excludeWorkstation)
      }
      const rows = await query.orderBy('cloud_seq').limit(limit).execute()
      const next = nextCursorSeq(
        from,
        high,
        rows.map((r) => Number(r.cloud_seq)),
        limit
      )
      return {
        records: rows.map(fromRecordRow),
        cursor: encodeCursor(databaseId, next.seq),
        more: next.more
      }
    })
  }

  /**
   * The accepted record `tid` as the cloud holds it (one row, read as
   * {@link pull} reads rows: nothing is checked), or `undefined` when the
   * cloud has no such row.
   */
  async get(tid: string): Promise<CloudRecord | undefined> {
    await this.#checked()
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('records')
        .selectAll()
        .where('tid', '=', tid)
        .executeTakeFirst()
      return row ? fromRecordRow(row) : undefined
    })
  }

  /** How many accepted records the cloud holds. */
  async countRecords(): Promise<number> {
    await this.#checked()
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('records')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    })
  }

  /** How many refused records the audit table holds. */
  async countRejected(): Promise<number> {
    await this.#checked()
    return this.#run(async (db) => {
      const row = await db
        .selectFrom('rejected_records')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
      return Number(row?.n ?? 0)
    })
  }

  /** Ends every connection; idempotent. */
  close(): Promise<void> {
    return this.#connection.close()
  }

  /** The check, once per store while it passes; a failed one is tried again next time. */
  #checked(): Promise<CloudCheck> {
    this.#ready ??= this.check().catch((error: unknown) => {
      this.#ready = undefined
      throw error
    })
    return this.#ready
  }

  async #run<T>(body: (db: CloudConnection['db']) => Promise<T>): Promise<T> {
    try {
      return await body(this.#connection.db)
    } catch (error) {
      throw this.#connection.classify(error)
    }
  }
}
