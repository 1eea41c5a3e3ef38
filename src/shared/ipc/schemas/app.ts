import { z } from 'zod'
import { CloudEngine } from './cloud'

/** Where the renderer runs: the desktop window, a browser tab, or none (CLI). */
export const Face = z.enum(['electron', 'browser', 'cli'])
export type Face = z.infer<typeof Face>

/** Kinds of ledger a workstation can be attached to. */
export const LedgerKind = z.enum(['none', 'bundled', 'remote'])
export type LedgerKind = z.infer<typeof LedgerKind>

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
