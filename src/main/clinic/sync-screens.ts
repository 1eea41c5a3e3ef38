import type { CloudSetResult, CloudChoice, SyncReport, SyncStatus } from '../../shared/ipc/schemas'
import { setCloud } from '../cloud/cloud-admin'
import { credentialFor } from '../cloud/cloud-credentials'
import type { App } from '../core/create-app'
import { syncOnce, syncState } from '../sync/sync-service'
import { runtimeOf } from '../workstation/runtime'
import type { ClinicSession } from './clinic-session'

/** Where cloud sync stands, without running it. */
export function syncStatus(app: App): SyncStatus {
  const state = syncState(app)
  return {
    outbox: state.outbox,
    lastPushAt: state.lastPushAt,
    lastPullAt: state.lastPullAt,
    lastError: state.lastError,
    lastErrorAt: app.store.getConfig('sync').lastErrorAt,
    problems: app.store.sync.problems().length,
    background: runtimeOf(app).background !== undefined
  }
}

/**
 * One round of sync now (`mediblock sync`): after the background work in
 * progress, never beside it. `UNAVAILABLE` when the cloud cannot be
 * reached; nothing is lost (the outbox keeps every record).
 */
export async function syncNow(app: App, session: ClinicSession): Promise<SyncReport> {
  const worker = runtimeOf(app).background?.worker
  const report = worker ? await worker.syncNow() : await syncOnce(app, session)
  return {
    pushed: report.pushed,
    unchanged: report.unchanged,
    rejections: report.rejections,
    conflicts: report.conflicts.map((c) => ({ tid: c.tid, fields: [...c.fields] })),
    imported: report.imported,
    problems: report.problems,
    outbox: report.outbox,
    lastPushAt: report.lastPushAt,
    lastPullAt: report.lastPullAt
  }
}

/**
 * An admin chooses the cloud database (`mediblock cloud set`); the status
 * monitor reconnects to the new one.
 */
export async function setCloudFromScreen(
  app: App,
  admin: ClinicSession,
  choice: CloudChoice
): Promise<CloudSetResult> {
  const summary = await setCloud(app, admin, choice.settings, choice.password)
  await runtimeOf(app).background?.monitor.resetCloud()
  const stored = choice.password !== undefined && credentialFor(choice.settings) !== null
  return {
    engine: choice.settings.engine,
    ...summary,
    secretStore: stored ? admin.keys.secrets.kind : null
  }
}
