import { chmodSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver
} from 'kysely'
import { isError, makeError, type MediblockError } from '../../../shared/errors'
import type { SqliteTarget } from '../cloud-target'
import type { CloudDatabase } from '../schema/tables'
import type { CloudConnection } from './cloud-connection'

/** How long a writer waits for another process's write transaction before giving up. */
const WRITE_WAIT_MS = 15_000

const isBusy = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY' ||
  (error as { code?: unknown } | null)?.code === 'SQLITE_LOCKED'

/**
 * Kysely's SQLite driver, with write transactions that begin IMMEDIATE (the
 * write lock first, so a transaction never fails half-way for another
 * writer) and wait for a busy lock asynchronously: better-sqlite3 is
 * synchronous, and its busy timeout would freeze the event loop (and the
 * window) while another process writes.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + WRITE_WAIT_MS
    for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
      try {
        await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'))
        return
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, wait))
      }
    }
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: Database

  constructor(database: Database) {
    super({ database })
    this.#database = database
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver({ database: this.#database })
  }
}

function classifySqlite(target: SqliteTarget, error: unknown): MediblockError {
  if (isError(error)) return error
  const code = (error as { code?: unknown } | null)?.code
  if (isBusy(error)) {
    return makeError(
      `the embedded cloud database ${target.path} stayed locked by another MediBlock process`,
      'UNAVAILABLE',
      { code },
      error
    )
  }
  return makeError(
    `the embedded cloud database ${target.path} failed${typeof code === 'string' ? ` (${code})` : ''}`,
    'UNAVAILABLE',
    { code },
    error
  )
}

/**
 * The embedded engine: `cloud.db` in the data dir, through better-sqlite3.
 * It is a stand-in for a real cloud database, so that the app runs with
 * nothing set up: it lives on this workstation only, and no other
 * workstation can sync through it.
 */
export function connectSqlite(
  target: SqliteTarget,
  options: { readonly nativeBinding?: string | undefined } = {}
): CloudConnection {
  let database: Database
  try {
    mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 })
    database = new BetterSqlite3(
      target.path,
      options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
    )
  } catch (cause) {
    throw makeError(
      `cannot open the embedded cloud database at ${target.path}`,
      'UNAVAILABLE',
      { path: target.path },
      cause
    )
  }
  try {
    database.pragma('journal_mode = WAL')
    database.pragma('synchronous = NORMAL')
    // Short: a writer waits for the lock in ImmediateSqliteDriver, without blocking.
    database.pragma('busy_timeout = 20')
    // Pseudonyms and encrypted payloads: owner-only, like the local store.
    chmodSync(target.path, 0o600)
  } catch (cause) {
    database.close()
    throw makeError(
      `the embedded cloud database at ${target.path} is not a usable SQLite file`,
      'UNAVAILABLE',
      { path: target.path },
      cause
    )
  }
  const db = new Kysely<CloudDatabase>({ dialect: new ImmediateSqliteDialect(database) })
  let closed: Promise<void> | undefined
  return {
    target,
    family: 'sqlite',
    db,
    // 24 bound values a row, within SQLite's 32,766.
    rowsPerStatement: 500,
    async serverVersion() {
      const row = database.prepare('SELECT sqlite_version() AS v').get() as { v: string }
      return `SQLite ${row.v}`
    },
    classify: (error) => classifySqlite(target, error),
    close() {
      closed ??= db.destroy()
      return closed
    }
  }
}
