import { z } from 'zod'
import { QueueInfo } from './app'
import { Tid } from './common'
import { Rejection } from './records'

/**
 * What the status bar shows, answered by `status:get` and pushed as
 * `status:changed` whenever any of it changes. `unknown` until the first
 * check of a session; `none` when nothing is configured.
 */
export const WorkstationStatus = z.object({
  node: z.enum(['up', 'down', 'unknown', 'none']),
  cloud: z.enum(['up', 'down', 'unknown']),
  /** Neither the node nor the cloud can be reached: entries queue on this workstation. */
  offline: z.boolean(),
  queue: z.object({
    /** Records waiting for the ledger (queued and sent, not yet mined). */
    depth: z.int().nonnegative(),
    /** Records on chain waiting for the cloud. */
    cloudBacklog: z.int().nonnegative(),
    /** Cloud writes that failed at least once and wait to be tried again. */
    failing: z.int().nonnegative()
  }),
  lastSyncAt: z.string().nullable(),
  /** The last error of the background work (ledger or cloud), in words; null once it recovers. */
  lastError: z.string().nullable(),
  /** What the background is doing now. */
  busy: z.object({ draining: z.boolean(), syncing: z.boolean() }),
  checkedAt: z.string().nullable()
})
export type WorkstationStatus = z.infer<typeof WorkstationStatus>

/** One record in the offline queue, as the admin screen lists it (no PHI). */
export const QueueItem = z.object({
  tid: Tid,
  patientId: z.string(),
  template: z.string(),
  author: z.string(),
  createdAt: z.string(),
  /**
   * `ledger`: waiting for the ledger (queued, or sent in a batch not yet
   * mined); `cloud`: on chain, waiting for the cloud; `rejected`: refused by
   * the ledger, for good (a correction is a new record).
   */
  stage: z.enum(['ledger', 'cloud', 'rejected']),
  state: z.enum(['queued', 'submitted', 'anchored', 'rejected']),
  /** Failed attempts so far (cloud writes). */
  attempts: z.int().nonnegative(),
  nextAttemptAt: z.string().nullable(),
  /** Why the last attempt failed, in words; null when none failed. */
  lastError: z.string().nullable(),
  rejection: Rejection.nullable()
})
export type QueueItem = z.infer<typeof QueueItem>

export const QueueListRequest = z.object({ limit: z.int().min(1).max(1000).default(200) }).strict()

export const QueueList = z.object({
  counts: QueueInfo,
  /** Oldest first: waiting for the ledger, then for the cloud, then the rejected. */
  items: z.array(QueueItem),
  /** More items exist than `limit` allowed. */
  truncated: z.boolean()
})
export type QueueList = z.infer<typeof QueueList>

/** `queue:retry`: these records (or every waiting one) are tried again now. */
export const QueueRetryRequest = z
  .object({ tids: z.array(Tid).min(1).max(1000).optional() })
  .strict()

export const QueueRetryResult = z.object({
  /** Cloud writes made due now. */
  cloud: z.int().nonnegative(),
  /** Records waiting for the ledger (sent with the drain that starts now). */
  ledger: z.int().nonnegative()
})

/** `sync:status`: where cloud sync stands, without running it. */
export const SyncStatus = z.object({
  outbox: z.object({
    waiting: z.int().nonnegative(),
    failing: z.int().nonnegative(),
    nextAttemptAt: z.string().nullable()
  }),
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  /** Pulled records that did not verify (not imported). */
  problems: z.int().nonnegative(),
  /** Sync runs in the background while someone is logged in. */
  background: z.boolean()
})
export type SyncStatus = z.infer<typeof SyncStatus>

/** `sync:now`: what one round did. */
export const SyncReport = z.object({
  pushed: z.int().nonnegative(),
  unchanged: z.int().nonnegative(),
  rejections: z.int().nonnegative(),
  conflicts: z.array(z.object({ tid: Tid, fields: z.array(z.string()) })),
  imported: z.int().nonnegative(),
  problems: z.int().nonnegative(),
  outbox: SyncStatus.shape.outbox,
  lastPushAt: z.string().nullable(),
  lastPullAt: z.string().nullable()
})
export type SyncReport = z.infer<typeof SyncReport>
