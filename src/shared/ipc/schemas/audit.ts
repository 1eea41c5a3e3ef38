import { z } from 'zod'
import { DownloadFile, Tid } from './common'

/** What is wrong with one record, as the audit names it. */
export const AuditProblemKind = z.enum([
  'modified',
  'deleted',
  'forged',
  'rejected-stored',
  'patient-swapped',
  'replayed',
  'undecryptable'
])

const Scalar = z.union([z.string(), z.number(), z.null()])

/** Facts a third party can check against the chain (hashes, numbers, addresses; never PHI). */
export const ProblemEvidence = z.object({
  /** Where this ledger anchors the tid; null when no batch does. */
  anchor: z
    .object({
      chainBatch: z.int(),
      txHash: z.string(),
      blockNumber: z.int(),
      leafIndex: z.int(),
      root: z.string(),
      reason: z.int(),
      reasonName: z.string()
    })
    .nullable(),
  /** Where the cloud row says it is anchored; null when there is no row. */
  claimed: z
    .object({
      chainId: z.int(),
      ledgerAddress: z.string(),
      chainBatch: z.int(),
      txHash: z.string(),
      blockNumber: z.int(),
      leafIndex: z.int()
    })
    .nullable(),
  differences: z.array(z.object({ field: z.string(), expected: Scalar, found: Scalar })),
  commitment: z
    .object({ onChain: z.string(), inRow: z.string(), recomputed: z.string().nullable() })
    .nullable(),
  proofHolds: z.boolean().nullable()
})

export const AuditProblem = z.object({
  tid: Tid,
  kind: AuditProblemKind,
  detail: z.string(),
  evidence: ProblemEvidence.optional()
})
export type AuditProblem = z.infer<typeof AuditProblem>

/** `audit:verify` and `audit:report`: the whole clinic, or one patient (id or MRN), from a time on. */
export const AuditScope = z
  .object({
    patient: z.string().min(1).max(64).optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    /** Names the run in its `audit:progress` events (the core makes one up otherwise). */
    runId: z.uuid().optional()
  })
  .strict()

export const AuditVerifyResult = z.object({
  /** Names this run in its `audit:progress` events. */
  runId: z.string(),
  checked: z.int().nonnegative(),
  verified: z.int().nonnegative(),
  /** Every problem found, with its evidence. */
  problems: z.array(AuditProblem)
})
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>

/** `audit:progress`: records looked at so far by a running audit, on each side. */
export const AuditProgress = z.object({
  runId: z.string(),
  anchored: z.int().nonnegative(),
  cloud: z.int().nonnegative()
})

/** `audit:restore`: the records to repair (after a verify), or every problem found. */
export const AuditRestoreRequest = z.union([
  z.object({ tids: z.array(Tid).min(1).max(1000) }).strict(),
  z.object({ all: z.literal(true) }).strict()
])

export const RestoreOutcome = z.object({
  tid: Tid,
  kind: AuditProblemKind,
  action: z.enum(['rewritten', 'removed', 'moved-to-audit-table', 'not-restored']),
  detail: z.string()
})

export const AuditRestoreResult = z.object({ outcomes: z.array(RestoreOutcome) })

/** `audit:report`: the audit run again and written as a report to download. */
export const AuditReportRequest = AuditScope.extend({
  format: z.enum(['html', 'csv', 'json'])
}).strict()

export const AuditReportResult = z.object({
  outcome: z.enum(['verified', 'problems']),
  checked: z.int().nonnegative(),
  verified: z.int().nonnegative(),
  problems: z.int().nonnegative(),
  /** One file (HTML, JSON) or three (CSV: problems, summary, batches). */
  files: z.array(DownloadFile)
})

/** `audit:log`: the security log, newest first, a page at a time. */
export const AuditLogRequest = z
  .object({
    limit: z.int().min(1).max(500).default(100),
    /** Entries before this sequence number (the previous page's `nextBefore`). */
    before: z.int().positive().optional()
  })
  .strict()

export const AuditLogEntry = z.object({
  seq: z.int().positive(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string().nullable(),
  /** Ids and codes only, never PHI. */
  detail: z.record(z.string(), z.unknown()),
  hash: z.string()
})

export const AuditLogPage = z.object({
  entries: z.array(AuditLogEntry),
  nextBefore: z.int().positive().nullable()
})

/** A head of the security log the ledger holds, checked against the local entry at its position. */
export const LogAnchorCheck = z.object({
  entries: z.int().positive(),
  head: z.string(),
  blockNumber: z.int().nonnegative(),
  txHash: z.string(),
  matches: z.boolean(),
  /** The hash the local log holds at that position; null when it has no such entry. */
  found: z.string().nullable()
})

/** `audit:verify-log`: the security log's hash chain and its anchors on the ledger. */
export const AuditLogVerification = z.object({
  ok: z.boolean(),
  entries: z.int().nonnegative(),
  lastSeq: z.int().nonnegative(),
  head: z.string().nullable(),
  broken: z.array(
    z.object({
      from: z.int().positive(),
      to: z.int().positive(),
      kind: z.enum(['altered', 'relinked', 'missing', 'not-as-anchored']),
      detail: z.string()
    })
  ),
  /** How many heads the ledger holds for this workstation's handshaker. */
  anchors: z.int().nonnegative(),
  /** The newest matching anchor, and every one that does not match (at most 20). */
  lastMatching: LogAnchorCheck.nullable(),
  mismatched: z.array(LogAnchorCheck),
  /** Entries 1..anchoredThrough are proven as they were when anchored. */
  anchoredThrough: z.int().nonnegative(),
  unanchored: z.object({ from: z.int().positive(), to: z.int().positive() }).nullable(),
  anchoredBy: z.string(),
  checkedToBlock: z.int().nonnegative()
})
export type AuditLogVerification = z.infer<typeof AuditLogVerification>

/** `export:fhir`: one patient's anchored records as a FHIR R4 Bundle, each with its proof. */
export const FhirExportRequest = z.object({ patientId: z.string().min(1).max(64) }).strict()

export const FhirExportResult = z.object({
  file: DownloadFile,
  bundleId: z.string(),
  records: z.int().nonnegative(),
  resources: z.int().nonnegative(),
  /** Records left out, as they carry no proof yet (or were refused). */
  excluded: z.object({
    queued: z.int().nonnegative(),
    submitted: z.int().nonnegative(),
    rejected: z.int().nonnegative()
  }),
  /** Anchored records left out because this workstation's copy fails its own proof. */
  inconsistent: z.array(z.object({ tid: Tid, problem: z.string() }))
})
