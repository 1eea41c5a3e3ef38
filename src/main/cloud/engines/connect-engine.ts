import type { CloudTarget } from '../cloud-target'
import type { CloudConnection } from './cloud-connection'
import { connectSqlite } from './sqlite-engine'

/** A cloud database's password or secret key; never in the settings. */
export interface CloudCredentials {
  /** The database user's password (postgres, mysql). */
  readonly password?: string
  /** The AWS secret access key paired with the settings' access key id (data-api). */
  readonly secretAccessKey?: string
}

/** How an engine connects, besides the target and credentials. */
export interface ConnectOptions {
  /** How long connecting may take before the server counts as unreachable. */
  readonly connectTimeoutMs: number
  /** better-sqlite3 addon for the running runtime (Electron), for the embedded engine. */
  readonly nativeBinding?: string | undefined
}

/**
 * The connection for a target's engine; servers are contacted on first use.
 * A server engine's driver (pg, mysql2, the AWS SDK) is loaded only when
 * that engine is used: each costs tens of milliseconds at startup.
 */
export async function connectEngine(
  target: CloudTarget,
  credentials: CloudCredentials,
  options: ConnectOptions
): Promise<CloudConnection> {
  switch (target.engine) {
    case 'sqlite':
      return connectSqlite(target, { nativeBinding: options.nativeBinding })
    case 'postgres':
      return (await import('./postgres-engine')).connectPostgres(
        target,
        credentials.password,
        options
      )
    case 'mysql':
      return (await import('./mysql-engine')).connectMysql(target, credentials.password, options)
    case 'data-api':
      return (await import('./data-api-engine')).connectDataApi(
        target,
        credentials.secretAccessKey,
        options
      )
  }
}
