import type { FieldDifference } from '../problem-evidence'
import { PROBLEM_KINDS, type AuditReport } from './audit-report'

type Cell = string | number | boolean | null | undefined

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line
 * break, quotes doubled. Text that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) gets a leading apostrophe: cloud
 * rows are untrusted, and a report is opened in spreadsheets.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return ''
  if (typeof value !== 'string') return String(value)
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Rows to CSV text: a header row first, CRLF line ends (RFC 4180), a final CRLF. */
export function csvTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

const describe = (d: FieldDifference) =>
  `${d.field}: chain ${d.expected ?? '(none)'}, cloud ${d.found ?? '(none)'}`

/** The problems: one row each, with their evidence in columns. */
export function problemsCsv(report: AuditReport): string {
  return csvTable(
    [
      'tid',
      'kind',
      'detail',
      'anchor_batch',
      'anchor_tx',
      'anchor_block',
      'anchor_leaf',
      'anchor_root',
      'anchor_outcome',
      'claimed_chain_id',
      'claimed_ledger',
      'claimed_batch',
      'claimed_tx',
      'claimed_block',
      'claimed_leaf',
      'differences',
      'commitment_on_chain',
      'commitment_in_row',
      'commitment_recomputed',
      'proof_holds'
    ],
    report.problems.map((p) => {
      const e = p.evidence
      return [
        p.tid,
        p.kind,
        p.detail,
        e?.anchor?.chainBatch,
        e?.anchor?.txHash,
        e?.anchor?.blockNumber,
        e?.anchor?.leafIndex,
        e?.anchor?.root,
        e?.anchor ? `${e.anchor.reason} ${e.anchor.reasonName}` : e ? 'not anchored' : null,
        e?.claimed?.chainId,
        e?.claimed?.ledgerAddress,
        e?.claimed?.chainBatch,
        e?.claimed?.txHash,
        e?.claimed?.blockNumber,
        e?.claimed?.leafIndex,
        e?.differences.map(describe).join('; '),
        e?.commitment?.onChain,
        e?.commitment?.inRow,
        e?.commitment ? (e.commitment.recomputed ?? 'payload does not decrypt') : null,
        e?.proofHolds
      ]
    })
  )
}

/** The summary: one `field,value` row per fact, then the counts by kind and the notes. */
export function summaryCsv(report: AuditReport): string {
  const { ranBy, scope, ledger, cloud, counts } = report
  const rows: [string, Cell][] = [
    ['report', report.kind],
    ['version', report.version],
    ['outcome', report.outcome],
    ['started_at', report.startedAt],
    ['finished_at', report.finishedAt],
    ['ran_by', ranBy.username],
    ['ran_by_role', ranBy.role],
    ['ran_by_address', ranBy.address],
    ['workstation', ranBy.workstationId],
    ['app_version', ranBy.appVersion],
    ['scope_patient', scope.patientId ?? 'all'],
    ['scope_since', scope.since ?? 'all'],
    ['ledger_kind', ledger.kind],
    ['chain_id', ledger.chainId],
    ['contract', ledger.contract],
    ['deploy_block', ledger.deployBlock],
    ['node_url', ledger.nodeUrl],
    ['checked_to_block', ledger.checkedTo.number],
    ['checked_to_block_hash', ledger.checkedTo.hash],
    ['checked_to_block_time', ledger.checkedTo.timestamp],
    ['cloud_engine', cloud.engine],
    ['cloud_where', cloud.where],
    ['cloud_details', cloud.details],
    ['cloud_database_id', cloud.databaseId],
    ['cloud_schema', cloud.schemaVersion],
    ['checked', counts.checked],
    ['verified', counts.verified],
    ['problems', counts.problems],
    ...PROBLEM_KINDS.map((k): [string, Cell] => [`problems_${k}`, counts.byKind[k]]),
    ['batches', report.batches.length],
    ...report.notes.map((n, i): [string, Cell] => [`note_${i + 1}`, n])
  ]
  return csvTable(['field', 'value'], rows)
}

/** The batches in scope: what a third party looks up on chain. */
export function batchesCsv(report: AuditReport): string {
  return csvTable(
    ['batch', 'tx_hash', 'block', 'root', 'records', 'accepted'],
    report.batches.map((b) => [
      b.chainBatch,
      b.txHash,
      b.blockNumber,
      b.root,
      b.records,
      b.accepted
    ])
  )
}
