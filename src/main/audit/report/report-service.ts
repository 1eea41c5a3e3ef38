import { createHash } from 'node:crypto'
import { basename, resolve } from 'node:path'
import { makeError } from '../../../shared/errors'
import type { ClinicSession } from '../../clinic/clinic-session'
import { describeSettings } from '../../cloud/cloud-target'
import type { App } from '../../core/create-app'
import { APP_VERSION } from '../../core/version'
import { writeFileAtomic } from '../../keys/atomic-file'
import { auditOptionsFor, explainInTransit, withAuditTargets } from '../audit-service'
import { verifyCloudDetailed } from '../verify-cloud'
import { countByKind, reportNotes, type AuditReport, type ReportFormat } from './audit-report'
import { batchesCsv, problemsCsv, summaryCsv } from './render-csv'
import { renderHtml } from './render-html'

export interface AuditReportOptions {
  readonly format: ReportFormat
  /** Where to write it; for CSV, the problems file (the summary and batches go beside it). */
  readonly out: string
  /** A patient's id or MRN. */
  readonly patient?: string
  readonly since?: Date
  readonly onProgress?: (progress: { anchored: number; cloud: number }) => void
}

/** A file the report was written to, and its SHA-256 (also in the security log). */
export interface ReportFile {
  readonly path: string
  readonly sha256: string
  readonly bytes: number
}

/** The files of a report in `format` at `out`: CSV writes three. */
export function reportFiles(
  report: AuditReport,
  format: ReportFormat,
  out: string
): { path: string; content: string }[] {
  const path = resolve(out)
  switch (format) {
    case 'json':
      return [{ path, content: `${JSON.stringify(report, null, 2)}\n` }]
    case 'html':
      return [{ path, content: renderHtml(report) }]
    case 'csv': {
      const base = path.replace(/\.csv$/i, '')
      return [
        { path, content: problemsCsv(report) },
        { path: `${base}.summary.csv`, content: summaryCsv(report) },
        { path: `${base}.batches.csv`, content: batchesCsv(report) }
      ]
    }
  }
}

/**
 * `mediblock audit report`: runs the audit `mediblock verify` runs (same
 * checks, same counts), gathers who ran it against which ledger (as of
 * which block) and which cloud, the evidence for every problem and the
 * batch references, and writes the report. Each file is written whole or
 * not at all; producing it is a security event, logged with each file's
 * SHA-256, so a report handed on can be matched to the run that made it.
 */
export async function writeAuditReport(
  app: App,
  session: ClinicSession,
  options: AuditReportOptions
): Promise<{ report: AuditReport; files: ReportFile[] }> {
  const startedAt = new Date()
  return withAuditTargets(app, session, options.patient, async (targets) => {
    const { client, nodeUrl } = targets.connection
    const { contract, patientId, cloudCheck } = targets
    const ledgerSettings = app.store.getConfig('ledger')
    const block = await client.provider.getBlock('latest')
    if (!block?.hash) throw makeError('the node has no latest block', 'UNAVAILABLE')
    const detailed = await verifyCloudDetailed(
      auditOptionsFor(session, targets, {
        toBlock: block.number,
        ...(options.since ? { since: options.since } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {})
      })
    )
    const { batches } = detailed
    const result = explainInTransit(app, detailed.result)
    const report: AuditReport = {
      kind: 'mediblock-audit-report',
      version: 1,
      outcome: result.problems.length === 0 ? 'verified' : 'problems',
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      ranBy: {
        username: session.user.username,
        role: session.user.role,
        address: session.user.address,
        workstationId: app.store.getConfig('workstation.id'),
        appVersion: APP_VERSION
      },
      scope: {
        patientId: patientId ?? null,
        since: options.since ? options.since.toISOString() : null
      },
      ledger: {
        kind: ledgerSettings.kind,
        chainId: contract.chainId,
        contract: contract.address,
        deployBlock: contract.deployBlock,
        nodeUrl,
        checkedTo: {
          number: block.number,
          hash: block.hash,
          timestamp: new Date(block.timestamp * 1000).toISOString()
        }
      },
      cloud: {
        engine: cloudCheck.engine,
        where: cloudCheck.where,
        details: describeSettings(targets.cloud.target),
        databaseId: cloudCheck.databaseId,
        schemaVersion: cloudCheck.schema.current
      },
      counts: {
        checked: result.checked,
        verified: result.verified,
        problems: result.problems.length,
        byKind: countByKind(result.problems)
      },
      problems: result.problems,
      batches,
      notes: reportNotes(ledgerSettings.kind)
    }
    const files = reportFiles(report, options.format, options.out).map(({ path, content }) => {
      writeFileAtomic(path, content)
      return {
        path,
        sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
        bytes: Buffer.byteLength(content, 'utf8')
      }
    })
    app.store.auditLog.append({
      actor: session.user.username,
      action: 'audit.reported',
      subject: patientId ?? null,
      detail: {
        format: options.format,
        files: files.map((f) => ({ name: basename(f.path), sha256: f.sha256 })),
        checked: result.checked,
        verified: result.verified,
        problems: result.problems.length,
        checkedToBlock: block.number,
        ...(options.since ? { since: options.since.toISOString() } : {})
      }
    })
    return { report, files }
  })
}
