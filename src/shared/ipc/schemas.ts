import { z } from 'zod'
import { ROLES } from '../roles'

/** Requests of channels that take no arguments: exactly `{}`. */
export const Empty = z.object({}).strict()

/** Where the renderer runs: the desktop window, a browser tab, or none (CLI). */
export const Face = z.enum(['electron', 'browser', 'cli'])
export type Face = z.infer<typeof Face>

/** Kinds of ledger a workstation can be attached to. */
export const LedgerKind = z.enum(['none', 'bundled', 'remote'])
export type LedgerKind = z.infer<typeof LedgerKind>

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

/** Where the workstation's device secrets live (`none` until the first user is enrolled). */
export const SecretStoreInfo = z.object({
  kind: z.enum(['keychain', 'vault', 'none']),
  /** In words, for `mediblock status` and the admin screen; never a secret. */
  description: z.string()
})
export type SecretStoreInfo = z.infer<typeof SecretStoreInfo>

/** The offline queue at a glance: records by state, and the work still to do. */
export const QueueInfo = z.object({
  queued: z.int().nonnegative(),
  submitted: z.int().nonnegative(),
  anchored: z.int().nonnegative(),
  rejected: z.int().nonnegative(),
  synced: z.int().nonnegative(),
  /** Batch transactions sent and not yet seen mined. */
  pendingBatches: z.int().nonnegative(),
  /** Acknowledged records waiting for the cloud. */
  cloudBacklog: z.int().nonnegative()
})
export type QueueInfo = z.infer<typeof QueueInfo>

/** Cloud sync at a glance: the last success of each direction, and the last failure. */
export const SyncInfo = z.object({
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable()
})
export type SyncInfo = z.infer<typeof SyncInfo>

/** What `app:info` answers: enough for the first screen and `mediblock status`. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  face: Face,
  dataDir: z.string(),
  workstationId: z.uuid(),
  startedAt: z.iso.datetime(),
  localStore: z.object({
    path: z.string(),
    schemaVersion: z.int().nonnegative()
  }),
  clinic: z.object({ name: z.string() }).nullable(),
  ledger: z.object({ kind: LedgerKind }),
  cloud: z.object({ engine: CloudEngine, embedded: z.boolean() }),
  secretStore: SecretStoreInfo,
  queue: QueueInfo,
  sync: SyncInfo
})
export type AppInfo = z.infer<typeof AppInfo>

/** The logged-in user of a session, as the renderer may see it. */
export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES)
})
export type SessionUser = z.infer<typeof SessionUser>

/** A session's state: who is logged in, and whether the screen is locked. */
export const SessionState = z.object({
  user: SessionUser.nullable(),
  locked: z.boolean()
})
export type SessionState = z.infer<typeof SessionState>

/** Facts an admin needs when something goes wrong; no PHI. */
export const Diagnostics = z.object({
  pid: z.int().positive(),
  uptimeSeconds: z.number().nonnegative(),
  versions: z.object({
    app: z.string(),
    node: z.string(),
    electron: z.string().nullable(),
    sqlite: z.string()
  }),
  memory: z.object({ rssBytes: z.int(), heapUsedBytes: z.int() }),
  logFile: z.string()
})
export type Diagnostics = z.infer<typeof Diagnostics>
