import { Kysely, PostgresDialect } from 'kysely'
import pg, { type CustomTypesConfig } from 'pg'
import { describeTarget, type ServerTarget } from '../cloud-target'
import { classifyPostgres } from '../errors/postgres-errors'
import type { CloudDatabase } from '../schema/tables'
import type { CloudConnection } from './cloud-connection'
import { serverTlsOptions } from './server-tls'

const INT8_OID = 20

/** int8 as a number: cloud sequences, blocks and counts stay far below 2^53. */
function builtInParser(oid: number, format: 'text' | 'binary'): unknown {
  return pg.types.getTypeParser(oid, format)
}
const types: CustomTypesConfig = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : builtInParser(oid, format ?? 'text')
}

/** PostgreSQL through node-postgres: a small pool, a short connect timeout. */
export function connectPostgres(
  target: ServerTarget,
  password: string | undefined,
  options: { readonly connectTimeoutMs: number }
): CloudConnection {
  const context = {
    where: describeTarget(target),
    user: `user ${target.user}`,
    database: target.database
  }
  const ssl = serverTlsOptions(target)
  const pool = new pg.Pool({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(password === undefined ? {} : { password }),
    ssl: ssl ?? false,
    connectionTimeoutMillis: options.connectTimeoutMs,
    max: 4,
    idleTimeoutMillis: 10_000,
    application_name: 'mediblock',
    keepAlive: true,
    types
  })
  // An idle connection that dies (a server restart) is only dropped; without
  // a listener its error would end the process.
  pool.on('error', () => undefined)
  const db = new Kysely<CloudDatabase>({ dialect: new PostgresDialect({ pool }) })
  let closed: Promise<void> | undefined
  return {
    target,
    family: 'postgres',
    db,
    // 25 bound values a row, within PostgreSQL's 65,535.
    rowsPerStatement: 1000,
    async serverVersion() {
      const { rows } = await pool.query<{ v: string }>(
        "SELECT current_setting('server_version') AS v"
      )
      return `PostgreSQL ${rows[0]?.v.split(' ')[0] ?? '?'}`
    },
    classify: (error) => classifyPostgres(error, context),
    close() {
      closed ??= db.destroy()
      return closed
    }
  }
}
