import { z } from 'zod'
import { ErrorCodeSchema } from './common'

/** Cloud database engines (DESIGN.md, Stores). */
export const CloudEngine = z.enum(['sqlite', 'postgres', 'mysql', 'data-api'])
export type CloudEngine = z.infer<typeof CloudEngine>

/**
 * TLS to a cloud database server: `verify` (encrypted, the server's
 * certificate checked against `caFile` or the system's CAs, and its name
 * against the host), `no-verify` (encrypted, certificate not checked: only
 * against eavesdropping) or `off` (plain TCP: a trusted network only).
 */
export const CloudTls = z.object({
  mode: z.enum(['verify', 'no-verify', 'off']),
  /** PEM file of the CA that signed the server's certificate (mode `verify`). */
  caFile: z.string().min(1).optional()
})
export type CloudTls = z.infer<typeof CloudTls>

/** Where a PostgreSQL or MySQL/MariaDB server is; unset fields take the engine's defaults. */
const CloudServerFields = {
  host: z.string().min(1).max(255).optional(),
  port: z.int().min(1).max(65535).optional(),
  database: z.string().min(1).max(64).optional(),
  user: z.string().min(1).max(128).optional(),
  /** `verify` when unset. */
  tls: CloudTls.optional()
}

/**
 * The cloud database a workstation syncs with, per engine. Never a password
 * or secret key: those live in the device secret store (keychain or vault).
 */
export const CloudSettings = z.discriminatedUnion('engine', [
  /** The embedded stand-in: `cloud.db` in the data dir; nothing to set. */
  z.object({ engine: z.literal('sqlite') }),
  z.object({ engine: z.literal('postgres'), ...CloudServerFields }),
  z.object({ engine: z.literal('mysql'), ...CloudServerFields }),
  /** Aurora PostgreSQL through the RDS Data API. */
  z.object({
    engine: z.literal('data-api'),
    resourceArn: z.string().startsWith('arn:').max(2048).optional(),
    /** The Secrets Manager secret holding the database user and password. */
    secretArn: z.string().startsWith('arn:').max(2048).optional(),
    database: z.string().min(1).max(64).optional(),
    region: z.string().min(1).max(64).optional(),
    /** An endpoint URL instead of the region's (a VPC endpoint, a test double). */
    endpoint: z.url().optional(),
    /** The AWS access key id; its secret key is in the secret store. Unset: the AWS SDK's default credentials. */
    accessKeyId: z.string().min(1).max(128).optional()
  })
])
export type CloudSettings = z.infer<typeof CloudSettings>

/**
 * Cloud settings with the password (postgres, mysql) or AWS secret access
 * key (data-api, with an access key id) they need; the secret goes to the
 * keychain or the vault, never to config.
 */
export const CloudChoice = z
  .object({
    settings: CloudSettings,
    password: z.string().min(1).max(1024).optional()
  })
  .strict()
export type CloudChoice = z.infer<typeof CloudChoice>

/** A cloud database in words, without secrets. */
export const CloudSummary = z.object({
  /** `PostgreSQL at db.example.org:5432`. */
  where: z.string(),
  /** `database mediblock as user mediblock, TLS verified`. */
  details: z.string()
})
export type CloudSummary = z.infer<typeof CloudSummary>

/** What `cloud:set` did: where the cloud is, and where its secret went. */
export const CloudSetResult = CloudSummary.extend({
  engine: CloudEngine,
  secretStore: z.enum(['keychain', 'vault']).nullable()
})
export type CloudSetResult = z.infer<typeof CloudSetResult>

/** The schema versions of a cloud database: the one it has, the one this MediBlock needs. */
export const CloudSchema = z.object({ current: z.int(), required: z.int() })

/**
 * `cloud:test`: reachable, with its server version, schema and counts; or
 * not, with a stable code and one sentence saying exactly what is wrong
 * (unreachable host, wrong password, no such database, schema too new…).
 */
export const CloudTestResult = z.discriminatedUnion('ok', [
  CloudSummary.extend({
    ok: z.literal(true),
    engine: CloudEngine,
    embedded: z.boolean(),
    /** The server's product and version; null until the schema exists. */
    serverVersion: z.string().nullable(),
    schema: CloudSchema,
    /** The schema must be created or updated (`mediblock cloud migrate`) before records sync. */
    needsMigration: z.boolean(),
    records: z.int().nonnegative().nullable(),
    rejected: z.int().nonnegative().nullable()
  }),
  z.object({
    ok: z.literal(false),
    code: ErrorCodeSchema,
    problem: z.string()
  })
])
export type CloudTestResult = z.infer<typeof CloudTestResult>

/** `cloud:status`: the configured cloud database, and whether it answers now. */
export const CloudStatus = CloudSummary.extend({
  engine: CloudEngine,
  embedded: z.boolean(),
  reachable: z.boolean(),
  schema: CloudSchema.nullable(),
  records: z.int().nonnegative().nullable(),
  rejected: z.int().nonnegative().nullable(),
  /** What is wrong, in words, when it is not reachable or not usable; null when all is well. */
  problem: z.string().nullable()
})
export type CloudStatus = z.infer<typeof CloudStatus>
