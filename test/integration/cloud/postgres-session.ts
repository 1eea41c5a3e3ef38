import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { CloudDatabase } from '../../../src/main/cloud/schema/tables'
import type { PostgresDatabase } from '../../support/postgres-server'
import type { RawSession } from './engine-harness'

/** A session of its own on `database`, as its owner. */
export async function postgresSession(database: PostgresDatabase): Promise<RawSession> {
  const pool = new pg.Pool({ ...database, max: 1 })
  const db = new Kysely<CloudDatabase>({ dialect: new PostgresDialect({ pool }) })
  return { db, begin: 'BEGIN', close: () => db.destroy() }
}
