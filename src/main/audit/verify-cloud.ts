import type { CloudRecord, CloudStore, PullCursor } from '../cloud'
import { anchoredRoot } from '../chain/ledger-artifact'
import { recordDigest } from '../chain/record-encoding'
import { recoverSigner } from '../chain/recover-signer'
import { keccakReady } from '../crypto/keccak'
import type { DeviceSecrets } from '../keys/device-secrets'
import { verifyCloudRecord, type VerifyContext } from '../sync/verify-cloud-record'
import { AnchoredIndex } from './anchored-index'
import { anchoredBatches, type ScanOptions } from './anchored-records'
import {
  AnchoredRecordReader,
  anchorRef,
  claimedBy,
  rowEvidence,
  type AnchoredAt,
  type BatchRef,
  type ProblemEvidence
} from './problem-evidence'
import { RowCheck } from './row-check'

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
  /** Only in reports ({@link verifyCloudDetailed}); `mediblock verify` never carries it. */
  readonly evidence?: ProblemEvidence
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

/** What a report needs besides the result: the evidence is on each problem. */
export interface DetailedAudit {
  readonly result: AuditResult
  /** The batches holding records the audit covered (all of them, unfiltered), in order. */
  readonly batches: BatchRef[]
}

/**
 * Checks the cloud database against the chain, trusting neither the cloud
 * nor any workstation's store. From the chain alone: every anchored record,
 * with its outcome. Then every cloud row, streamed page by page: it must be
 * anchored, anchored as accepted, and verify in full (columns against the
 * signed record, payload against the commitment, the patient, the
 * signature, the Merkle proof against the root in contract state). Last,
 * every record anchored as accepted must have its row. The chain side
 * recovers every signer and rebuilds every tree anyway: a row whose signed
 * record, clinician, batch and proof are exactly those (its fingerprint, see
 * `AnchoredBatch`) and that passes every other check of `verifyCloudRecord`
 * ({@link RowCheck}) is not recovered or proven a second time; any other row
 * goes through `verifyCloudRecord` in full, which names its problem.
 *
 * Memory: the chain side keeps one entry per anchored tid (its outcome and
 * fingerprint, see AnchoredIndex), the cloud side one per row seen; rows
 * themselves are never held.
 */
export async function verifyCloud(options: AuditOptions): Promise<AuditResult> {
  return (await audit(options, false)).result
}

/**
 * {@link verifyCloud} for a report: the same checks and counts, and besides
 * each problem its {@link ProblemEvidence} (records with problems are read
 * back from their batch's calldata for it), and every batch in scope with its
 * transaction, block and root.
 */
export function verifyCloudDetailed(options: AuditOptions): Promise<DetailedAudit> {
  return audit(options, true)
}

async function audit(options: AuditOptions, detailed: boolean): Promise<DetailedAudit> {
  const problems: AuditProblem[] = []
  const pseudonymPrefix = options.patientId
    ? options.secrets.pseudonym(options.patientId).toLowerCase().slice(0, 34)
    : undefined
  const since = options.since?.getTime()

  await keccakReady
  // The chain: tid → where and with what outcome (0 accepted), and for an accepted record
  // the fingerprint its row must match; which accepted ones the filters cover; and, for a
  // report, the batches holding records in scope.
  const anchored = new AnchoredIndex()
  const batches = new Map<number, BatchRef>()
  const inScope = new Set<number>()
  const expected = new Set<string>()
  const blockTimes = new Map<number, number>()
  let anchoredCount = 0
  for await (const batch of anchoredBatches(options.scan)) {
    const { chainBatch, reasons } = batch
    if (detailed) {
      batches.set(chainBatch, {
        chainBatch,
        txHash: batch.txHash,
        blockNumber: batch.blockNumber,
        root: batch.root,
        records: batch.size,
        accepted: reasons.filter((r) => r === 0).length
      })
    }
    for (let leafIndex = 0; leafIndex < batch.size; leafIndex++) {
      const tid = batch.tid(leafIndex)
      const reason = reasons[leafIndex] ?? 0
      anchoredCount++
      // A zero signer (a malformed signature) leaves the row to the full checks.
      anchored.add(tid, { chainBatch, leafIndex, reason }, batch.fingerprint(leafIndex))
      if (pseudonymPrefix && batch.patient(leafIndex) !== pseudonymPrefix) continue
      if (reason !== 0) {
        if (since === undefined) inScope.add(chainBatch)
        continue
      }
      if (since !== undefined) {
        if (!blockTimes.has(batch.blockNumber)) {
          const block = await options.scan.provider.getBlock(batch.blockNumber)
          blockTimes.set(batch.blockNumber, (block?.timestamp ?? 0) * 1000)
        }
        if ((blockTimes.get(batch.blockNumber) ?? 0) < since) continue
      }
      inScope.add(chainBatch)
      expected.add(tid)
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
        roots.set(chainBatch, await anchoredRoot(options.scan.ledger, chainBatch))
      }
      return roots.get(chainBatch) ?? null
    }
  }

  const reader = detailed
    ? new AnchoredRecordReader(options.scan.provider, options.scan.ledger)
    : undefined
  // The evidence against a row, for a report: re-read from the chain, never from the row.
  const evidenceOf = async (row: CloudRecord | null, at: AnchoredAt | undefined) => {
    if (!reader) return {}
    const batch = at && batches.get(at.chainBatch)
    const anchor = at ? anchorRef(at, batch) : null
    let evidence: ProblemEvidence
    if (!row || !anchor || !at || !batch) {
      evidence = {
        anchor,
        claimed: row && claimedBy(row),
        differences: [],
        commitment: null,
        proofHolds: null
      }
    } else {
      const anchored = await reader.record(batch, at.leafIndex)
      const digest = anchored && recordDigest(options.scan.domain, anchored)
      let signer: string | undefined
      try {
        signer = anchored && digest && recoverSigner(digest, anchored.signature)
      } catch {
        signer = undefined
      }
      evidence = rowEvidence({
        row,
        anchor,
        anchored,
        signer,
        digest,
        chainId: options.chainId,
        ledgerAddress: options.ledgerAddress,
        secrets: options.secrets
      })
    }
    return { evidence }
  }

  const rowCheck = new RowCheck(options.chainId, options.ledgerAddress, options.secrets)
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
      const at = anchored.at(row.tid)
      if (!at) {
        problems.push({
          tid: row.tid,
          kind: 'forged',
          detail: 'no batch of the ledger anchors this tid',
          ...(await evidenceOf(row, at))
        })
        continue
      }
      if (at.reason !== 0) {
        problems.push({
          tid: row.tid,
          kind: 'rejected-stored',
          detail: `the ledger refused this record (reason ${at.reason}); the cloud stores it as valid`,
          ...(await evidenceOf(row, at))
        })
        continue
      }
      const fingerprint = anchored.fingerprint(row.tid)
      if (fingerprint && rowCheck.sound(row, fingerprint)) {
        verified++
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
        detail: check.detail,
        ...(await evidenceOf(row, at))
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
      detail: 'anchored as accepted on the ledger, but not in the cloud database',
      ...(await evidenceOf(null, anchored.at(tid)))
    })
  }
  return {
    result: { checked, verified, problems },
    batches: [...batches.values()].filter((b) => inScope.has(b.chainBatch))
  }
}
