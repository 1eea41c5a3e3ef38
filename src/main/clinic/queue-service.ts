import type { QueueInfo, QueueList } from '../../shared/ipc/schemas'
import type { App } from '../core/create-app'
import { runtimeOf } from '../workstation/runtime'
import { requireRole, type ClinicSession } from './clinic-session'
import { rejectionOf } from './record-outcome'
import { templateCache } from './timeline'

/** The offline queue at a glance: records by state, batches in flight, the cloud backlog. */
export function queueCounts(app: App): QueueInfo {
  return {
    ...app.store.records.countByState(),
    pendingBatches: app.store.records.pendingBatches().length,
    cloudBacklog: app.store.records.cloudBacklog()
  }
}

/**
 * The queue for the admin screen: what waits for the ledger (with the
 * background drain's last error, if the ledger cannot be reached), what
 * waits for the cloud (with each record's last error and next attempt),
 * and what the ledger refused (why, in words). No PHI: ids and codes only.
 */
export function queueList(app: App, admin: ClinicSession, limit: number): QueueList {
  requireRole(admin, ['admin'], 'look at the queue')
  const rows = app.store.queue.items(limit + 1)
  const ledgerError = runtimeOf(app).background?.worker.errors.drain ?? null
  const templateOf = templateCache(app)
  return {
    counts: queueCounts(app),
    truncated: rows.length > limit,
    items: rows.slice(0, limit).map((row) => {
      const template = templateOf(row.templateId, row.templateVersion)
      const stage =
        row.state === 'rejected' ? 'rejected' : row.state === 'anchored' ? 'cloud' : 'ledger'
      return {
        tid: row.tid,
        patientId: row.patientId,
        template: template
          ? `${template.slug}@${template.version}`
          : `${row.templateId}@${row.templateVersion}`,
        author: row.author,
        createdAt: row.createdAt,
        stage,
        state: row.state,
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt,
        lastError: stage === 'ledger' ? ledgerError : row.lastError,
        rejection: rejectionOf(row, template)
      }
    })
  }
}

/**
 * Tries waiting records again now: cloud writes in backoff become due, and
 * the background drain and sync start at once. Refused records are not
 * retried: the ledger's answer is final (a correction is a new record).
 */
export function retryQueue(
  app: App,
  admin: ClinicSession,
  tids?: readonly string[]
): { cloud: number; ledger: number } {
  requireRole(admin, ['admin'], 'retry the queue')
  const cloud = app.store.queue.retryCloud(tids)
  const ledger = tids
    ? app.store.queue.statesOf(tids).filter((r) => r.state === 'queued' || r.state === 'submitted')
        .length
    : app.store.queue.ledgerDepth()
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'queue.retried',
    detail: { cloud, ledger, ...(tids ? { tids: tids.length } : {}) }
  })
  const worker = runtimeOf(app).background?.worker
  worker?.kick()
  if (cloud > 0) void worker?.syncNow().catch(() => undefined)
  return { cloud, ledger }
}
