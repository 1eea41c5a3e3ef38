import type { CloudStore, PullCursor } from '../cloud'
import type { DeviceSecrets } from '../keys/device-secrets'
import { verifyCloudRecord, type VerifyContext } from '../sync/verify-cloud-record'
import { anchoredBatches, type ScanOptions } from './anchored-records'

/** What is wrong with one record, as `mediblock verify` names it. */
export type AuditProblemKind =
  | 'modified'
  | 'deleted'
  | 'forged'
  | 'rejected-stored'
  | 'patient-swapped'
  | 'replayed'
  | 'undecryptable'

export interface AuditProblem {
  readonly tid: string
  readonly kind: AuditProblemKind
  readonly detail: string
}

/** The answer of `mediblock verify --json`: exactly this object. */
export interface AuditResult {
  readonly checked: number
  readonly verified: number
  readonly problems: AuditProblem[]
}

export interface AuditOptions {
  readonly scan: ScanOptions
  readonly cloud: CloudStore
  readonly secrets: Pick<DeviceSecrets, 'decryptPhi' | 'pseudonym'>
  readonly chainId: number
  readonly ledgerAddress: string
  /** Only this patient's records (by the pseudonym their id gives under the clinic secret). */
  readonly patientId?: string
  /** Only records created (cloud rows) or anchored (chain) at or after this time. */
  readonly since?: Date
  /** Hears progress: records looked at so far, on each side. */
  readonly onProgress?: (progress: { anchored: number; cloud: number }) => void
}

/**
 * Checks the cloud database against the chain, trusting neither the cloud
 * nor any workstation's store. From the chain alone: every anchored record,
 * with its outcome. Then every cloud row, streamed page by page: it must be
 * anchored, anchored as accepted, and verify in full (columns against the
 * signed record, payload against the commitment, the patient, the
 * signature, the Merkle proof against the root in contract state). Last,
 * every record anchored as accepted must have its row.
 *
 * Memory: the chain side keeps one entry per anchored tid (its outcome),
 * the cloud side one per row seen; rows themselves are never held.
 */
export async function verifyCloud(options: AuditOptions): Promise<AuditResult> {
  const problems: AuditProblem[] = []
  const pseudonymPrefix = options.patientId
    ? options.secrets.pseudonym(options.patientId).toLowerCase().slice(0, 34)
    : undefined
  const since = options.since?.getTime()

  // The chain: tid → outcome (0 accepted), and which accepted ones the filters cover.
  const outcomes = new Map<string, number>()
  const expected = new Set<string>()
  const blockTimes = new Map<number, number>()
  let anchoredCount = 0
  for await (const batch of anchoredBatches(options.scan)) {
    for (const a of batch) {
      anchoredCount++
      // A tid anchored twice keeps its first outcome; the contract refuses the second as a replay.
      if (!outcomes.has(a.tid)) outcomes.set(a.tid, a.reason)
      if (a.reason !== 0) continue
      if (pseudonymPrefix && (a.record.patient as string).toLowerCase() !== pseudonymPrefix)
        continue
      if (since !== undefined) {
        if (!blockTimes.has(a.blockNumber)) {
          const block = await options.scan.provider.getBlock(a.blockNumber)
          blockTimes.set(a.blockNumber, (block?.timestamp ?? 0) * 1000)
        }
        if ((blockTimes.get(a.blockNumber) ?? 0) < since) continue
      }
      expected.add(a.tid)
    }
    options.onProgress?.({ anchored: anchoredCount, cloud: 0 })
  }

  const roots = new Map<number, string | null>()
  const context: VerifyContext = {
    chainId: options.chainId,
    ledgerAddress: options.ledgerAddress,
    domain: options.scan.domain,
    secrets: options.secrets,
    rootOf: async (chainBatch) => {
      if (!roots.has(chainBatch)) {
        const [root, count] = (await options.scan.ledger.getFunction('batch')(chainBatch)) as [
          string,
          bigint
        ]
        roots.set(chainBatch, count === 0n ? null : root)
      }
      return roots.get(chainBatch) ?? null
    }
  }

  let checked = 0
  let verified = 0
  let cursor: PullCursor | null = null
  for (;;) {
    const page = await options.cloud.pull(cursor)
    for (const row of page.records) {
      const seen = expected.delete(row.tid)
      if (pseudonymPrefix && row.patientPseudonym.slice(0, 34) !== pseudonymPrefix && !seen)
        continue
      if (since !== undefined && Date.parse(row.createdAt) < since && !seen) continue
      checked++
      const outcome = outcomes.get(row.tid)
      if (outcome === undefined) {
        problems.push({
          tid: row.tid,
          kind: 'forged',
          detail: 'no batch of the ledger anchors this tid'
        })
        continue
      }
      if (outcome !== 0) {
        problems.push({
          tid: row.tid,
          kind: 'rejected-stored',
          detail: `the ledger refused this record (reason ${outcome}); the cloud stores it as valid`
        })
        continue
      }
      const check = await verifyCloudRecord(row, context)
      if (check.ok) {
        verified++
        continue
      }
      problems.push({
        tid: row.tid,
        kind: check.kind === 'other-ledger' ? 'replayed' : check.kind,
        detail: check.detail
      })
    }
    cursor = page.cursor
    options.onProgress?.({ anchored: anchoredCount, cloud: checked })
    if (!page.more) break
  }
  for (const tid of expected) {
    checked++
    problems.push({
      tid,
      kind: 'deleted',
      detail: 'anchored as accepted on the ledger, but not in the cloud database'
    })
  }
  return { checked, verified, problems }
}
