import type { AuditProblem, AuditProblemKind } from '../verify-cloud'
import type { BatchRef } from '../problem-evidence'

/** The formats `mediblock audit report` writes. */
export const REPORT_FORMATS = ['html', 'csv', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/** Every kind of problem, in the order a report lists their counts. */
export const PROBLEM_KINDS: readonly AuditProblemKind[] = [
  'modified',
  'deleted',
  'forged',
  'rejected-stored',
  'patient-swapped',
  'replayed',
  'undecryptable'
]

/**
 * An audit report: `mediblock verify`'s checks with everything a reader
 * needs to judge them and a third party needs to repeat them. Holds no PHI:
 * record ids, patient ids, hashes, addresses and counts only. The JSON
 * format is exactly this object.
 */
export interface AuditReport {
  readonly kind: 'mediblock-audit-report'
  readonly version: 1
  /** `verified`: every record in scope verifies; `problems`: some do not (exit 1). */
  readonly outcome: 'verified' | 'problems'
  readonly startedAt: string
  readonly finishedAt: string
  readonly ranBy: {
    readonly username: string
    readonly role: string
    readonly address: string
    readonly workstationId: string
    readonly appVersion: string
  }
  readonly scope: {
    /** The patient the audit was limited to (their id, never their MRN or name). */
    readonly patientId: string | null
    readonly since: string | null
  }
  readonly ledger: {
    /** `bundled`: the node on this workstation; `remote`: a network others run. */
    readonly kind: string
    readonly chainId: number
    readonly contract: string
    readonly deployBlock: number
    readonly nodeUrl: string
    /** The chain as it stood when the audit read it: blocks up to this one were read. */
    readonly checkedTo: {
      readonly number: number
      readonly hash: string
      readonly timestamp: string
    }
  }
  readonly cloud: {
    readonly engine: string
    /** Where, without secrets: host and port, or the file. */
    readonly where: string
    /** Database, user and TLS, or what the embedded engine is; never a password. */
    readonly details: string
    readonly databaseId: string
    readonly schemaVersion: number
  }
  readonly counts: {
    readonly checked: number
    readonly verified: number
    readonly problems: number
    readonly byKind: Readonly<Record<AuditProblemKind, number>>
  }
  /** Every problem, with its evidence. */
  readonly problems: readonly AuditProblem[]
  /** The batches holding the records in scope: what a third party looks up on chain. */
  readonly batches: readonly BatchRef[]
  /** What the report proves and what it does not, in sentences. */
  readonly notes: readonly string[]
}

/** Problems counted by kind, every kind present (zero when none). */
export function countByKind(problems: readonly AuditProblem[]): Record<AuditProblemKind, number> {
  const counts = Object.fromEntries(PROBLEM_KINDS.map((k) => [k, 0])) as Record<
    AuditProblemKind,
    number
  >
  for (const p of problems) counts[p.kind]++
  return counts
}

/** What a report can and cannot say, for its ledger. */
export function reportNotes(ledgerKind: string): string[] {
  return [
    'Checked: every cloud row in scope against the record the ledger anchored under its tid (columns, the signed record, the payload against the salted commitment, the patient pseudonym, the clinician signature, and the Merkle proof against the root the contract keeps in state); and every record the ledger anchored as accepted in scope has its cloud row.',
    'The chain side is read from the chain alone (BatchAnchored events and the batch calldata), not from any workstation or the cloud: a third party can repeat it from the batch references below.',
    'Not covered: records still queued on a workstation (never sent to the ledger), and what a record says beyond what its signature and commitment fix (a record entered wrongly but signed is not a problem here).',
    ledgerKind === 'bundled'
      ? 'Trust: this ledger runs on the bundled node of one workstation. Whoever controls that workstation controls the chain, so this report shows the cloud database agrees with that chain; it protects against tampering on the cloud side only.'
      : 'Trust: this ledger is on a network outside the clinic and the cloud; anyone can check the references below on any node of the chain.'
  ]
}
