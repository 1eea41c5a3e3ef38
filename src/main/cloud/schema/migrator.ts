import { sql, type Kysely } from 'kysely'
import { makeError } from '../../../shared/errors'
import type { SqlFamily } from '../cloud-target'
import type { CloudConnection } from '../engines/cloud-connection'
import { createTableSql, T, type TableSpec } from './ddl'
import type { CloudMigration } from './migrations'
import type { CloudDatabase } from './tables'

/** The schema version a database has, and the one this MediBlock needs. */
export interface SchemaStatus {
  /** 0: no MediBlock schema yet. */
  readonly current: number
  readonly required: number
}

/** The outcome of {@link migrateSchema}. */
export interface MigrationReport {
  readonly from: number
  readonly to: number
}

const SCHEMA_TABLE: TableSpec = {
  name: 'mediblock_schema',
  columns: [
    { name: 'version', type: T.int },
    { name: 'name', type: T.varchar(100) },
    { name: 'applied_at', type: T.varchar(32) },
    { name: 'applied_by', type: T.varchar(64) }
  ],
  primaryKey: ['version']
}

/** Key of the PostgreSQL advisory lock that migrations hold ("MBCLOUD" in ASCII digits). */
const PG_MIGRATION_LOCK = 77_666_765_798_568
/** Name of the MySQL user lock that migrations hold. */
const MYSQL_MIGRATION_LOCK = 'mediblock.cloud-migrate'
const MYSQL_LOCK_WAIT_S = 60

async function schemaTableExists(db: Kysely<CloudDatabase>, family: SqlFamily): Promise<boolean> {
  const query =
    family === 'sqlite'
      ? sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM sqlite_master
                                    WHERE type = 'table' AND name = 'mediblock_schema'`
      : family === 'postgres'
        ? sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM information_schema.tables
                                      WHERE table_schema = current_schema() AND table_name = 'mediblock_schema'`
        : sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM information_schema.tables
                                      WHERE table_schema = DATABASE() AND table_name = 'mediblock_schema'`
  const { rows } = await query.execute(db)
  return Number(rows[0]?.n ?? 0) > 0
}

/** The schema version recorded in the database; 0 when it has no MediBlock schema. */
export async function readSchemaVersion(
  db: Kysely<CloudDatabase>,
  family: SqlFamily
): Promise<number> {
  if (!(await schemaTableExists(db, family))) return 0
  const row = await db
    .selectFrom('mediblock_schema')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirst()
  return Number(row?.v ?? 0)
}

/** `CONFLICT` for a database whose schema is newer than this MediBlock knows. */
export function schemaTooNew(current: number, required: number): Error {
  return makeError(
    `the cloud database has schema version ${current}, newer than this MediBlock knows ` +
      `(${required}): update MediBlock on this workstation`,
    'CONFLICT',
    { current, required }
  )
}

/**
 * One transaction that holds the migration lock: PostgreSQL's advisory
 * transaction lock, SQLite's write lock (its transactions begin
 * IMMEDIATE); on MySQL the caller holds a session lock around it.
 */
async function lockedTransaction<T>(
  db: Kysely<CloudDatabase>,
  family: SqlFamily,
  body: (trx: Kysely<CloudDatabase>) => Promise<T>
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (family === 'postgres') {
      await sql.raw(`SELECT pg_advisory_xact_lock(${PG_MIGRATION_LOCK})`).execute(trx)
    }
    return body(trx)
  })
}

async function withMysqlLock<T>(
  db: Kysely<CloudDatabase>,
  body: (db: Kysely<CloudDatabase>) => Promise<T>
): Promise<T> {
  return db.connection().execute(async (pinned) => {
    const { rows } = await sql<{
      got: number | null
    }>`SELECT GET_LOCK(${MYSQL_MIGRATION_LOCK}, ${MYSQL_LOCK_WAIT_S}) AS got`.execute(pinned)
    if (Number(rows[0]?.got) !== 1) {
      throw makeError(
        'another workstation is migrating the cloud database; try again in a minute',
        'UNAVAILABLE'
      )
    }
    try {
      return await body(pinned)
    } finally {
      await sql`SELECT RELEASE_LOCK(${MYSQL_MIGRATION_LOCK})`.execute(pinned)
    }
  })
}

/**
 * Brings the database up to `to` (the newest by default), one step at a
 * time, each under the migration lock and after reading the version again,
 * so workstations migrating at once apply each step once. Refuses a schema
 * newer than this MediBlock's rather than guess (`CONFLICT`).
 */
export async function migrateSchema(
  connection: Pick<CloudConnection, 'db' | 'family'>,
  migrations: readonly CloudMigration[],
  options: { readonly appliedBy: string; readonly to?: number; readonly now?: () => Date }
): Promise<MigrationReport> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw makeError(
        `cloud migration ${m.name} is numbered ${m.version}, expected ${i + 1}`,
        'INTERNAL'
      )
    }
  })
  const { family } = connection
  const latest = migrations.length
  const to = options.to ?? latest
  const now = options.now ?? (() => new Date())
  const run = async (db: Kysely<CloudDatabase>): Promise<MigrationReport> => {
    const from = await lockedTransaction(db, family, async (trx) => {
      for (const statement of createTableSql(family, SCHEMA_TABLE)) {
        await sql.raw(statement).execute(trx)
      }
      return readSchemaVersion(trx, family)
    })
    if (from > latest) throw schemaTooNew(from, latest)
    for (const m of migrations.slice(from, to)) {
      await lockedTransaction(db, family, async (trx) => {
        const current = await readSchemaVersion(trx, family)
        if (current >= m.version) return
        await m.up(trx, family)
        await trx
          .insertInto('mediblock_schema')
          .values({
            version: m.version,
            name: m.name,
            applied_at: now().toISOString(),
            applied_by: options.appliedBy.slice(0, 64)
          })
          .execute()
      })
    }
    return { from, to: Math.max(from, to) }
  }
  return family === 'mysql' ? withMysqlLock(connection.db, run) : run(connection.db)
}
