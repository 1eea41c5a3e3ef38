import { RDSData } from '@aws-sdk/client-rds-data'
import { Kysely, sql } from 'kysely'
import { DataApiDialect } from 'kysely-data-api'
import { describeTarget, type DataApiTarget } from '../cloud-target'
import { classifyDataApi } from '../errors/data-api-errors'
import type { CloudDatabase } from '../schema/tables'
import type { CloudConnection } from './cloud-connection'

/**
 * Aurora PostgreSQL through the RDS Data API (HTTPS, signed with AWS
 * credentials; the database user and password stay in Secrets Manager).
 * Credentials: the access key in the settings with its secret key from the
 * secret store, else the AWS SDK's default chain (environment, profile,
 * instance role). One attempt a call: the sync loop does its own retries.
 */
export function connectDataApi(
  target: DataApiTarget,
  secretAccessKey: string | undefined,
  options: { readonly connectTimeoutMs: number }
): CloudConnection {
  const context = {
    where: describeTarget(target),
    database: target.database,
    secretArn: target.secretArn
  }
  // On Node below 22 (which MediBlock supports: package.json engines) the
  // SDK's first client prints a nine-line warning about SDK releases after
  // January 2027 to stderr: nothing a clinic user can act on, and it would
  // come before every CLI message. An explicit setting still wins.
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true'
  const client = new RDSData({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.accessKeyId && secretAccessKey
      ? { credentials: { accessKeyId: target.accessKeyId, secretAccessKey } }
      : {}),
    // The SDK retries what is transient (a keep-alive socket the endpoint
    // closed while the audit was busy verifying a page: ECONNRESET, throttling),
    // never an authentication or SQL error. Every write is idempotent by tid.
    maxAttempts: 3,
    requestHandler: { connectionTimeout: options.connectTimeoutMs, requestTimeout: 60_000 }
  })
  const db = new Kysely<CloudDatabase>({
    dialect: new DataApiDialect({
      mode: 'postgres',
      driver: {
        client,
        resourceArn: target.resourceArn,
        secretArn: target.secretArn,
        database: target.database
      }
    })
  })
  let closed: Promise<void> | undefined
  return {
    target,
    family: 'postgres',
    db,
    // The Data API takes 4 MiB a request and answers 1 MiB at most: a
    // hundred records (payload, chain record, proof) stay well inside both.
    rowsPerStatement: 100,
    async serverVersion() {
      const { rows } = await sql<{
        v: string
      }>`SELECT current_setting('server_version') AS v`.execute(db)
      return `Aurora PostgreSQL ${rows[0]?.v.split(' ')[0] ?? '?'} (RDS Data API)`
    },
    classify: (error) => classifyDataApi(error, context),
    close() {
      closed ??= db.destroy().finally(() => client.destroy())
      return closed
    }
  }
}
