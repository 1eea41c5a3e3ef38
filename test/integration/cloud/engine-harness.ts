import { sql, type Kysely } from 'kysely'
import { CloudStore } from '../../../src/main/cloud/cloud-store'
import type { CloudSettings } from '../../../src/shared/ipc/schemas'
import type { CloudCredentials } from '../../../src/main/cloud/engines/connect-engine'
import type { CloudDatabase, RecordsTable } from '../../../src/main/cloud/schema/tables'

/** How to reach one fresh, empty database on an engine's test server. */
export interface EngineDatabase {
  readonly settings: CloudSettings
  readonly credentials: CloudCredentials
  /** Credentials the server refuses (a wrong password or key). */
  readonly wrongCredentials: CloudCredentials
  /** The embedded engine's file (unused by the others). */
  readonly sqlitePath: string
  /**
   * A session of its own on the same database, behind the store's back: for
   * stalling a writer, or writing what no MediBlock would (a future schema).
   */
  raw(): Promise<RawSession>
}

/** A Kysely session pinned to one connection, and how to end it. */
export interface RawSession {
  readonly db: Kysely<CloudDatabase>
  /** The statement that begins a write transaction on this engine. */
  readonly begin: string
  close(): Promise<void>
}

/** One engine under test: a fresh database per test on a server shared by the file. */
export interface EngineHarness {
  readonly name: string
  fresh(): Promise<EngineDatabase>
  /** Settings for a server nobody answers at (a closed loopback port, or its like). */
  unreachable(): CloudSettings
}

/**
 * Begins a transaction on `session` that inserts `row` and holds it,
 * uncommitted, until released (then rolls back): a writer stalled before
 * its commit, as a slow or stuck workstation would be.
 */
export async function stalledInsert(
  session: RawSession,
  row: RecordsTable
): Promise<{ release(): Promise<void> }> {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  let begun!: () => void
  const inserted = new Promise<void>((resolve) => (begun = resolve))
  const done = session.db.connection().execute(async (c) => {
    await sql.raw(session.begin).execute(c)
    await c.insertInto('records').values(row).execute()
    begun()
    await gate
    await sql.raw('ROLLBACK').execute(c)
  })
  await Promise.race([inserted, done])
  return {
    async release() {
      release()
      await done
    }
  }
}

/** What a check came to: `OK` with the server's version and place, or an error's code and message. */
export interface CheckOutcome {
  readonly code: string
  readonly message: string
}

/** Opens a store on `settings`, checks it as `mediblock cloud test` would, and closes it. */
export async function checkOutcome(
  settings: CloudSettings,
  credentials: CloudCredentials
): Promise<CheckOutcome> {
  const store = await CloudStore.open(settings, credentials, {
    sqlitePath: '',
    connectTimeoutMs: 3_000
  })
  try {
    const found = await store.check()
    return { code: 'OK', message: `${found.serverVersion} | ${found.where}` }
  } catch (error) {
    const { code, message } = error as { code: string; message: string }
    return { code, message }
  } finally {
    await store.close()
  }
}

/** Creates the schema on the database `settings` name. */
export async function migrated(
  settings: CloudSettings,
  credentials: CloudCredentials
): Promise<void> {
  const store = await CloudStore.open(settings, credentials, { sqlitePath: '' })
  try {
    await store.migrate()
  } finally {
    await store.close()
  }
}
