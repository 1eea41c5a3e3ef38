import { makeError } from '../../shared/errors'
import type { CloudEngine, CloudSettings, CloudTls } from '../../shared/ipc/schemas'

/** The SQL a cloud engine speaks: the Data API runs Aurora PostgreSQL. */
export type SqlFamily = 'sqlite' | 'postgres' | 'mysql'

/** The database on a server, when the settings leave it out. */
export const DEFAULT_DATABASE = 'mediblock'
/** The database user on a server, when the settings leave it out. */
export const DEFAULT_USER = 'mediblock'
const DEFAULT_PORTS = { postgres: 5432, mysql: 3306 } as const

/** A PostgreSQL or MySQL/MariaDB server, every field decided. */
export interface ServerTarget {
  readonly engine: 'postgres' | 'mysql'
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  readonly tls: Required<Pick<CloudTls, 'mode'>> & Pick<CloudTls, 'caFile'>
}

/** Aurora PostgreSQL through the RDS Data API, every field decided. */
export interface DataApiTarget {
  readonly engine: 'data-api'
  readonly resourceArn: string
  readonly secretArn: string
  readonly database: string
  readonly region: string
  readonly endpoint: string | undefined
  readonly accessKeyId: string | undefined
}

/** The embedded stand-in: a SQLite file on this workstation. */
export interface SqliteTarget {
  readonly engine: 'sqlite'
  readonly path: string
}

/** Where the cloud store is, resolved from the settings: what an engine connects to. */
export type CloudTarget = SqliteTarget | ServerTarget | DataApiTarget

/** The SQL family of an engine. */
export function sqlFamily(engine: CloudEngine): SqlFamily {
  return engine === 'data-api' ? 'postgres' : engine
}

const missing = (engine: CloudEngine, what: string, flag: string) =>
  makeError(
    `the ${engine} cloud engine needs ${what} (mediblock cloud set --engine ${engine} ${flag} ...)`,
    'NOT_CONFIGURED',
    { engine, missing: flag }
  )

/**
 * Fills in an engine's defaults (port, database and user `mediblock`, TLS
 * `verify`) and checks that nothing it cannot do without is missing:
 * `NOT_CONFIGURED` naming the setting otherwise. Settings are stored
 * leniently, so an engine can be chosen before all of it is known.
 *
 * @param sqlitePath where the embedded engine keeps its file (the data dir's `cloud.db`)
 */
export function resolveCloudTarget(settings: CloudSettings, sqlitePath: string): CloudTarget {
  switch (settings.engine) {
    case 'sqlite':
      return { engine: 'sqlite', path: sqlitePath }
    case 'postgres':
    case 'mysql': {
      if (!settings.host) throw missing(settings.engine, 'a host', '--host HOST')
      return {
        engine: settings.engine,
        host: settings.host,
        port: settings.port ?? DEFAULT_PORTS[settings.engine],
        database: settings.database ?? DEFAULT_DATABASE,
        user: settings.user ?? DEFAULT_USER,
        tls: {
          mode: settings.tls?.mode ?? 'verify',
          ...(settings.tls?.caFile ? { caFile: settings.tls.caFile } : {})
        }
      }
    }
    case 'data-api': {
      if (!settings.resourceArn) throw missing('data-api', 'a cluster ARN', '--resource-arn ARN')
      if (!settings.secretArn) throw missing('data-api', 'a secret ARN', '--secret-arn ARN')
      if (!settings.region) throw missing('data-api', 'an AWS region', '--region REGION')
      return {
        engine: 'data-api',
        resourceArn: settings.resourceArn,
        secretArn: settings.secretArn,
        database: settings.database ?? DEFAULT_DATABASE,
        region: settings.region,
        endpoint: settings.endpoint,
        accessKeyId: settings.accessKeyId
      }
    }
  }
}

const ENGINE_NAMES: Readonly<Record<CloudEngine, string>> = {
  sqlite: 'embedded SQLite',
  postgres: 'PostgreSQL',
  mysql: 'MySQL/MariaDB',
  'data-api': 'the RDS Data API'
}

/** Where a target is, in words, without secrets: for messages and `cloud test`. */
export function describeTarget(target: CloudTarget): string {
  switch (target.engine) {
    case 'sqlite':
      return `${ENGINE_NAMES.sqlite} file ${target.path}`
    case 'postgres':
    case 'mysql':
      return `${ENGINE_NAMES[target.engine]} at ${hostPort(target.host, target.port)}`
    case 'data-api':
      return `${ENGINE_NAMES['data-api']} (${target.endpoint ?? target.region}) for ${clusterName(target.resourceArn)}`
  }
}

/**
 * The rest of a target's settings, in words, without secrets: database,
 * user, TLS, credentials. For `mediblock cloud set` and `cloud test`.
 */
export function describeSettings(target: CloudTarget): string {
  switch (target.engine) {
    case 'sqlite':
      return 'a stand-in for a real cloud database: it lives in this data dir only, so no other workstation can sync through it'
    case 'postgres':
    case 'mysql': {
      const tls =
        target.tls.mode === 'off'
          ? 'TLS off'
          : target.tls.mode === 'no-verify'
            ? 'TLS without certificate check'
            : `TLS verified${target.tls.caFile ? ` against ${target.tls.caFile}` : ''}`
      return `database ${target.database} as user ${target.user}, ${tls}`
    }
    case 'data-api':
      return (
        `database ${target.database}, credentials in ${target.secretArn}, ` +
        (target.accessKeyId
          ? `AWS access key ${target.accessKeyId}`
          : "the AWS SDK's default credentials")
      )
  }
}

/** `host:port`, bracketing an IPv6 address. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}

/** The cluster's name from its ARN (`arn:aws:rds:REGION:ACCOUNT:cluster:NAME`). */
function clusterName(arn: string): string {
  const name = arn.split(':').at(-1)
  return name ? `cluster ${name}` : arn
}
