import type { CloudStore, RecordConflict } from '../cloud'
import type { App } from '../core/create-app'
import { retryAt } from './backoff'
import { cloudRecordRow, rejectedRecordRow, type RowContext } from './cloud-rows'

/** Records in one cloud write. */
export const PUSH_BATCH = 500

/** What one push did. */
export interface PushResult {
  /** Records the cloud took now (new rows), and replays it already held. */
  readonly pushed: number
  readonly unchanged: number
  /** Rows the cloud holds differently under one of our tids: never overwritten. */
  readonly conflicts: readonly RecordConflict[]
  /** Refusals written to the cloud's audit table. */
  readonly rejections: number
}

export interface PushOptions {
  readonly batchSize?: number
  readonly now?: () => Date
  readonly random?: () => number
}

/** How long a conflicting row waits before it is offered again: an admin has to look. */
const CONFLICT_RETRY = (now: Date) => new Date(now.getTime() + 60 * 60_000)

/**
 * Drains the cloud outbox: acknowledged records in batches, written
 * idempotently by tid, then marked `synced` and taken out of the outbox in
 * one local transaction. A batch the cloud did not take stays in the
 * outbox with exponential backoff and jitter, and the error is thrown; a
 * crash between the cloud write and the local mark replays the batch,
 * which the cloud answers as `unchanged`. Refusals go to the audit table.
 */
export async function pushOutbox(
  app: App,
  cloud: CloudStore,
  context: RowContext,
  options: PushOptions = {}
): Promise<PushResult> {
  const size = options.batchSize ?? PUSH_BATCH
  const now = options.now ?? (() => new Date())
  const sync = app.store.sync
  let pushed = 0
  let unchanged = 0
  const conflicts: RecordConflict[] = []
  for (;;) {
    const due = sync.dueForCloud(size, now())
    if (due.length === 0) break
    let result
    try {
      result = await cloud.upsertRecords(due.map((r) => cloudRecordRow(r, context)))
    } catch (error) {
      const at = now()
      sync.deferCloud(
        due.map((r) => r.tid),
        (error as Error).message,
        (attempts) => retryAt(attempts, at, options.random)
      )
      throw error
    }
    sync.markSynced([...result.inserted, ...result.unchanged], now())
    pushed += result.inserted.length
    unchanged += result.unchanged.length
    if (result.conflicts.length > 0) {
      conflicts.push(...result.conflicts)
      sync.deferCloud(
        result.conflicts.map((c) => c.tid),
        'the cloud holds a different row under this tid',
        () => CONFLICT_RETRY(now())
      )
      for (const c of result.conflicts) {
        app.store.auditLog.append({
          actor: 'sync',
          action: 'sync.conflict',
          subject: c.tid,
          detail: { fields: c.fields }
        })
      }
    }
    if (due.length < size) break
  }
  let rejections = 0
  for (;;) {
    const refused = sync.pendingRejections(size)
    if (refused.length === 0) break
    const result = await cloud.insertRejected(refused.map((r) => rejectedRecordRow(r, context)))
    sync.markRejectionsSynced([...result.inserted, ...result.unchanged], now())
    rejections += result.inserted.length
    for (const c of result.conflicts) {
      if (!conflicts.some((known) => known.tid === c.tid)) conflicts.push(c)
    }
    if (refused.length < size || result.conflicts.length === refused.length) break
  }
  return { pushed, unchanged, conflicts, rejections }
}
