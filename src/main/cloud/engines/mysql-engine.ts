import { Kysely, MysqlDialect, type MysqlPool } from 'kysely'
import { createPool } from 'mysql2'
import { describeTarget, type ServerTarget } from '../cloud-target'
import { classifyMysql } from '../errors/mysql-errors'
import type { CloudDatabase } from '../schema/tables'
import type { CloudConnection } from './cloud-connection'
import { serverTlsOptions } from './server-tls'

/** MySQL or MariaDB through mysql2: a small pool, a short connect timeout. */
export function connectMysql(
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
  const pool = createPool({
    host: target.host,
    port: target.port,
    database: target.database,
    user: target.user,
    ...(password === undefined ? {} : { password }),
    // mysql2 checks the certificate against the host it connects to.
    ...(ssl
      ? { ssl: { rejectUnauthorized: ssl.rejectUnauthorized, ...(ssl.ca ? { ca: ssl.ca } : {}) } }
      : {}),
    connectTimeout: options.connectTimeoutMs,
    connectionLimit: 4,
    maxIdle: 4,
    idleTimeout: 10_000,
    enableKeepAlive: true,
    // BIGINT as a number while it fits (all of ours do).
    supportBigNumbers: true,
    bigNumberStrings: false,
    charset: 'utf8mb4_bin'
  })
  // mysql2's types are newer than Kysely 0.27's MysqlPool; the calls Kysely
  // makes (getConnection, query with a callback or .stream(), end) match.
  const db = new Kysely<CloudDatabase>({
    dialect: new MysqlDialect({ pool: pool as unknown as MysqlPool })
  })
  let closed: Promise<void> | undefined
  return {
    target,
    family: 'mysql',
    db,
    // 25 bound values a row, within MySQL's 65,535 placeholders.
    rowsPerStatement: 1000,
    async serverVersion() {
      const [rows] = await pool.promise().query('SELECT VERSION() AS v')
      const version = (rows as { v?: string }[])[0]?.v ?? '?'
      const mariadb = /mariadb/i.test(version)
      return `${mariadb ? 'MariaDB' : 'MySQL'} ${version.split('-')[0] ?? version}`
    },
    classify: (error) => classifyMysql(error, context),
    close() {
      closed ??= db.destroy()
      return closed
    }
  }
}
