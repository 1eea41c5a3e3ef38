import { keccak256, toUtf8Bytes, type JsonRpcProvider, type Contract } from 'ethers'
import { reasonName } from '../../shared/rules'
import { decodeBatch } from '../chain/decode-batch'
import { verifyOutcome } from '../chain/merkle'
import type { SignedRecord } from '../chain/record-encoding'
import type { CloudRecord } from '../cloud'
import type { DeviceSecrets } from '../keys/device-secrets'

/** Where the chain anchors a record: what a third party looks up to check it. */
export interface AnchorRef {
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly leafIndex: number
  /** The batch's Merkle root as the ledger holds it in state. */
  readonly root: string
  /** The contract's outcome: 0 accepted, else its reason code. */
  readonly reason: number
  readonly reasonName: string
}

/** Where a cloud row says its record is anchored. */
export interface ClaimedAnchor {
  readonly chainId: number
  readonly ledgerAddress: string
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly leafIndex: number
}

/** One field whose value the chain and the cloud disagree on. */
export interface FieldDifference {
  readonly field: string
  /** What the chain says (the record as anchored), or what this ledger is. */
  readonly expected: string | number | null
  /** What the cloud row holds. */
  readonly found: string | number | null
}

/**
 * Why a record is named, in facts a third party can check against the
 * chain: where it is anchored (or that nothing anchors it), where the cloud
 * row says it is, which of the row's fields differ from the record as
 * anchored, and the commitment on chain against the one recomputed from the
 * row's payload. Only hashes, numbers and addresses: never PHI.
 */
export interface ProblemEvidence {
  /** Where this ledger anchors the tid; null when no batch does. */
  readonly anchor: AnchorRef | null
  /** Where the cloud row says it is anchored; null when there is no row. */
  readonly claimed: ClaimedAnchor | null
  readonly differences: FieldDifference[]
  /**
   * The commitment anchored on chain, the one the row's column holds, and
   * keccak256 of the row's decrypted payload (null when it does not decrypt).
   */
  readonly commitment: {
    readonly onChain: string
    readonly inRow: string
    readonly recomputed: string | null
  } | null
  /** Whether the row's Merkle proof takes the anchored leaf to the batch's root. */
  readonly proofHolds: boolean | null
}

/** The facts `verifyCloud` keeps of one anchored record (the rest is re-read from calldata). */
export interface AnchoredAt {
  readonly chainBatch: number
  readonly leafIndex: number
  readonly reason: number
}

/** A batch as a report lists it. */
export interface BatchRef {
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly root: string
  readonly records: number
  readonly accepted: number
}

export function claimedBy(row: CloudRecord): ClaimedAnchor {
  return {
    chainId: row.chainId,
    ledgerAddress: row.ledgerAddress,
    chainBatch: row.chainBatch,
    txHash: row.txHash,
    blockNumber: row.blockNumber,
    leafIndex: row.leafIndex
  }
}

export function anchorRef(at: AnchoredAt, batch: BatchRef | undefined): AnchorRef | null {
  if (!batch) return null
  return {
    chainBatch: at.chainBatch,
    txHash: batch.txHash,
    blockNumber: batch.blockNumber,
    leafIndex: at.leafIndex,
    root: batch.root,
    reason: at.reason,
    reasonName: reasonName(at.reason)
  }
}

const lower = (v: unknown): string | number | null =>
  typeof v === 'string'
    ? v.toLowerCase()
    : typeof v === 'number'
      ? v
      : v == null
        ? null
        : JSON.stringify(v)

/**
 * Reads anchored records back from their batches' calldata, a few batches
 * kept: evidence is gathered for the few records with problems, so the
 * audit itself need not hold every anchored record.
 */
export class AnchoredRecordReader {
  readonly #provider: JsonRpcProvider
  readonly #ledger: Contract
  readonly #cache = new Map<number, SignedRecord[]>()

  constructor(provider: JsonRpcProvider, ledger: Contract) {
    this.#provider = provider
    this.#ledger = ledger
  }

  async record(batch: BatchRef, leafIndex: number): Promise<SignedRecord | undefined> {
    let records = this.#cache.get(batch.chainBatch)
    if (!records) {
      const tx = await this.#provider.getTransaction(batch.txHash)
      if (!tx) return undefined
      const calldata = this.#ledger.interface.decodeFunctionData(
        'submitBatch',
        tx.data
      )[0] as string
      records = decodeBatch(calldata)
      if (this.#cache.size >= 8) this.#cache.delete(this.#cache.keys().next().value as number)
      this.#cache.set(batch.chainBatch, records)
    }
    return records[leafIndex]
  }
}

/**
 * The evidence against a cloud row the chain anchors (as `anchored`, at
 * `at`): each column of the row, and each field of the signed record it
 * carries, set against the record as the chain holds it; the commitment
 * recomputed from the payload; and whether the row's proof holds.
 */
export function rowEvidence(options: {
  readonly row: CloudRecord
  readonly anchor: AnchorRef
  readonly anchored: SignedRecord | undefined
  readonly signer: string | undefined
  readonly digest: string | undefined
  readonly chainId: number
  readonly ledgerAddress: string
  readonly secrets: Pick<DeviceSecrets, 'decryptPhi' | 'pseudonym'>
}): ProblemEvidence {
  const { row, anchor, anchored } = options
  const differences: FieldDifference[] = []
  const differ = (field: string, expected: unknown, found: unknown) => {
    const e = lower(expected)
    const f = lower(found)
    if (e !== f) differences.push({ field, expected: e, found: f })
  }
  differ('chainId', options.chainId, row.chainId)
  differ('ledgerAddress', options.ledgerAddress, row.ledgerAddress)
  differ('chainBatch', anchor.chainBatch, row.chainBatch)
  differ('leafIndex', anchor.leafIndex, row.leafIndex)
  differ('txHash', anchor.txHash, row.txHash)
  differ('blockNumber', anchor.blockNumber, row.blockNumber)
  let recomputed: string | null = null
  let payloadPatient: string | null = null
  try {
    const canonical = options.secrets.decryptPhi(row.payload, row.tid).toString('utf8')
    recomputed = keccak256(toUtf8Bytes(canonical))
    const document = JSON.parse(canonical) as { patient?: unknown }
    if (typeof document.patient === 'string') {
      payloadPatient = options.secrets.pseudonym(document.patient).toLowerCase().slice(0, 34)
    }
  } catch {
    // Undecryptable, or not a record: the commitment says so (recomputed stays null).
  }
  if (anchored) {
    differ('templateId', anchored.templateId, row.templateId)
    differ('templateVersion', anchored.templateVersion, row.templateVersion)
    differ('clinicianSeq', anchored.seq, row.clinicianSeq)
    differ('commitment', anchored.commitment, row.commitment)
    differ('signature', anchored.signature, row.signature)
    differ('patientPseudonym (first 16 bytes)', anchored.patient, row.patientPseudonym.slice(0, 34))
    if (options.signer) differ('clinician', options.signer, row.clinician)
    if (payloadPatient !== null)
      differ('payload patient (pseudonym)', anchored.patient, payloadPatient)
    let carried: Record<string, unknown> = {}
    try {
      const parsed: unknown = JSON.parse(row.chainRecord)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        carried = parsed as Record<string, unknown>
      }
    } catch {
      differ('chainRecord', 'the signed record as anchored', 'not JSON')
    }
    for (const key of [
      'tid',
      'templateId',
      'templateVersion',
      'seq',
      'values',
      'patient',
      'commitment',
      'signature'
    ] as const) {
      differ(`chainRecord.${key}`, anchored[key], carried[key])
    }
  }
  let proofHolds: boolean | null = null
  if (anchored && options.signer && options.digest) {
    try {
      proofHolds = verifyOutcome(
        anchor.root,
        { tid: row.tid, digest: options.digest, signer: options.signer, reason: anchor.reason },
        row.proof
      )
    } catch {
      proofHolds = false
    }
  }
  return {
    anchor,
    claimed: claimedBy(row),
    differences,
    commitment: anchored
      ? {
          onChain: (anchored.commitment as string).toLowerCase(),
          inRow: row.commitment,
          recomputed
        }
      : null,
    proofHolds
  }
}
