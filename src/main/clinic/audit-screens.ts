import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { AuditLogVerification, AuditProblem, DownloadFile } from '../../shared/ipc/schemas'
import { verifyTargetsDetailed, withAuditTargets } from '../audit/audit-service'
import { writeAuditReport } from '../audit/report/report-service'
import type { ReportFormat } from '../audit/report/audit-report'
import { restoreCloud, type RestoreOutcome } from '../audit/restore'
import { verifySecurityLog } from '../audit/security-log-service'
import type { App } from '../core/create-app'
import { exportPatientFhir } from '../export/fhir/export-patient'
import { runtimeOf } from '../workstation/runtime'
import { requireRole, type ClinicSession } from './clinic-session'

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8'
}

/** A file the core wrote, read back for download (the bytes its audit entry hashed). */
function download(path: string, mediaType: string): DownloadFile {
  const content = readFileSync(path, 'utf8')
  return {
    fileName: basename(path),
    mediaType,
    content,
    sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
    bytes: Buffer.byteLength(content, 'utf8'),
    path
  }
}

/**
 * Progress of one run as `audit:progress` events: at most every 100 ms,
 * and the last one once the run ends (`done`).
 */
function progressEvents(app: App, runId: string) {
  let last = 0
  let latest: { anchored: number; cloud: number } | undefined
  const emit = () => {
    if (latest) app.events.emit('audit:progress', { runId, ...latest })
    latest = undefined
    last = Date.now()
  }
  return {
    onProgress: (progress: { anchored: number; cloud: number }) => {
      latest = progress
      if (Date.now() - last >= 100) emit()
    },
    done: emit
  }
}

/**
 * `mediblock verify` for the audit screen: the same checks, with the
 * evidence of every problem (as the report carries it) and progress as
 * `audit:progress` events. Each record's outcome becomes its badge on the
 * timeline. In the audit log like any verify.
 */
export async function verifyForScreen(
  app: App,
  session: ClinicSession,
  scope: { patient?: string | undefined; since?: string | undefined; runId?: string | undefined }
): Promise<{ runId: string; checked: number; verified: number; problems: AuditProblem[] }> {
  const runId = scope.runId ?? randomUUID()
  const since = scope.since ? new Date(scope.since) : undefined
  const progress = progressEvents(app, runId)
  const result = await withAuditTargets(app, session, scope.patient, async (targets) => {
    const { result: found } = await verifyTargetsDetailed(app, session, targets, {
      ...(since ? { since } : {}),
      onProgress: progress.onProgress
    })
    progress.done()
    return found
  })
  const checkedAt = new Date().toISOString()
  const { badges } = runtimeOf(app)
  for (const problem of result.problems) {
    badges.set(problem.tid, {
      state: 'problem',
      kind: problem.kind,
      detail: problem.detail,
      checkedAt
    })
  }
  return {
    runId,
    checked: result.checked,
    verified: result.verified,
    problems: result.problems.map((p) => ({ ...p }))
  }
}

/** `mediblock restore`, with the restored records' badges forgotten (they changed). */
export async function restoreForScreen(
  app: App,
  admin: ClinicSession,
  tids: readonly string[] | undefined
): Promise<RestoreOutcome[]> {
  const outcomes = await restoreCloud(app, admin, tids)
  const { badges } = runtimeOf(app)
  for (const outcome of outcomes) badges.delete(outcome.tid)
  return outcomes
}

/**
 * `mediblock audit report` for download: the audit is run and written to
 * the data dir's exports/ folder (its files hashed in the audit log), and
 * the files are answered with their content.
 */
export async function reportForScreen(
  app: App,
  session: ClinicSession,
  request: {
    format: ReportFormat
    patient?: string | undefined
    since?: string | undefined
    runId?: string | undefined
  }
) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const out = join(app.paths.exportsDir, `audit-report-${stamp}.${request.format}`)
  const progress = progressEvents(app, request.runId ?? randomUUID())
  const { report, files } = await writeAuditReport(app, session, {
    format: request.format,
    out,
    ...(request.patient ? { patient: request.patient } : {}),
    ...(request.since ? { since: new Date(request.since) } : {}),
    onProgress: progress.onProgress
  })
  progress.done()
  const mediaType = MEDIA_TYPES[request.format] ?? 'application/octet-stream'
  return {
    outcome: report.outcome,
    checked: report.counts.checked,
    verified: report.counts.verified,
    problems: report.counts.problems,
    files: files.map((file) => download(file.path, mediaType))
  }
}

/**
 * The security log, newest first, a page at a time (entries numbered below
 * `before`); for admins and auditors, and reading it is itself logged, as
 * with `mediblock audit log`.
 */
export function securityLogPage(
  app: App,
  session: ClinicSession,
  request: { limit: number; before?: number | undefined }
) {
  requireRole(session, ['admin', 'auditor'], 'read the security log')
  const head = app.store.auditLog.head()?.seq ?? 0
  const before = Math.min(request.before ?? head + 1, head + 1)
  // Entries are numbered 1, 2, 3, … without gaps (the table refuses deletes).
  const from = Math.max(1, before - request.limit)
  const entries = []
  for (const entry of app.store.auditLog.entries(from)) {
    if (entry.seq >= before) break
    entries.push({
      seq: entry.seq,
      at: entry.at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      detail: entry.detail,
      hash: entry.hash
    })
  }
  entries.reverse()
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'audit.log-viewed',
    detail: { entries: entries.length, before }
  })
  return { entries, nextBefore: from > 1 ? from : null }
}

/** Anchors a screen lists that disagree with the log; the CLI's `--json` has them all. */
const MISMATCHES_SHOWN = 20

/**
 * `mediblock audit log --verify` for the security log screen: the same check
 * (and the same entry in the log), with the anchors summed up, since a log
 * anchored for years holds thousands of heads that agree.
 */
export async function verifyLogForScreen(
  app: App,
  session: ClinicSession
): Promise<AuditLogVerification> {
  const { anchors, ...check } = await verifySecurityLog(app, session)
  const matching = anchors.filter((a) => a.matches)
  return {
    ...check,
    broken: check.broken.map((span) => ({ ...span })),
    unanchored: check.unanchored && { ...check.unanchored },
    anchors: anchors.length,
    lastMatching: matching.length > 0 ? { ...matching[matching.length - 1]! } : null,
    mismatched: anchors
      .filter((a) => !a.matches)
      .slice(0, MISMATCHES_SHOWN)
      .map((a) => ({ ...a }))
  }
}

/** `mediblock export fhir` for download: one patient's bundle, written to exports/ and answered. */
export async function exportFhirForScreen(app: App, session: ClinicSession, patientId: string) {
  const {
    bundle: _bundle,
    path,
    ...summary
  } = await exportPatientFhir(app, session, {
    patient: patientId
  })
  return {
    file: download(path, 'application/fhir+json; charset=utf-8'),
    bundleId: summary.bundleId,
    records: summary.records,
    resources: summary.resources,
    excluded: summary.excluded,
    inconsistent: summary.inconsistent.map((r) => ({ ...r }))
  }
}
