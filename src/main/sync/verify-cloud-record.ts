import { createHash } from 'node:crypto'
import type { TypedDataDomain } from 'ethers'
import { signedRecordMismatches, type CloudRecord } from '../cloud'
import { verifyOutcome } from '../chain/merkle'
import { recoverSigner } from '../chain/recover-signer'
import { recordDigest, type SignedRecord } from '../chain/record-encoding'
import { keccak256Hex } from '../crypto/keccak'
import { MAX_CHAIN_RULES } from '../../shared/rules'
import type { RecordDocument } from '../handshaker/transaction-generator'
import type { DeviceSecrets } from '../keys/device-secrets'

/** Why a cloud row is not what the chain says was anchored. */
export type CloudRecordProblem =
  'other-ledger' | 'replayed' | 'modified' | 'undecryptable' | 'patient-swapped' | 'forged'

export type CloudRecordCheck =
  | { readonly ok: true; readonly document: RecordDocument }
  | { readonly ok: false; readonly kind: CloudRecordProblem; readonly detail: string }

export interface VerifyContext {
  readonly chainId: number
  readonly ledgerAddress: string
  readonly domain: TypedDataDomain
  readonly secrets: Pick<DeviceSecrets, 'decryptPhi' | 'pseudonym'>
  /** The Merkle root the ledger holds in state for a batch; null when it has no such batch. */
  readonly rootOf: (chainBatch: number) => Promise<string | null>
}

const fail = (kind: CloudRecordProblem, detail: string): CloudRecordCheck => ({
  ok: false,
  kind,
  detail
})

/** Hex as one case; anything else as it is (so that a non-string never equals a string). */
const lower = (value: unknown): unknown => (typeof value === 'string' ? value.toLowerCase() : value)

/**
 * One anchored record as the chain shows it, in 32 bytes: SHA-256 of its
 * signed record (tid to signature, every field as in calldata), the signer
 * the contract recovered, the batch, and the record's Merkle proof in that
 * batch's tree, as JSON with hex in lower case. An audit takes it from the
 * chain (the calldata, the recovered signer, the tree it rebuilt to the root
 * the ledger holds in state) and hands it to {@link verifyCloudRecord},
 * which computes the same from the row: equal, the row's record, clinician,
 * batch and proof are the anchored ones (same values, same types), so its
 * digest, its signer and its proof are too, and the row needs neither a
 * signer recovery (~60 µs) nor a proof check (10 hashes) of its own.
 */
export function anchorFingerprint(
  record: SignedRecord,
  signer: string,
  chainBatch: number,
  proof: readonly string[]
): Buffer {
  // Calldata carries every slot, absent ones as null; a record signs only its template's.
  const values: unknown = record.values
  const slots =
    Array.isArray(values) && values.length < MAX_CHAIN_RULES
      ? [...(values as unknown[]), ...Array<null>(MAX_CHAIN_RULES - values.length).fill(null)]
      : values
  const text = JSON.stringify([
    lower(record.tid),
    record.templateId,
    record.templateVersion,
    record.seq,
    slots,
    lower(record.patient),
    lower(record.commitment),
    lower(record.signature),
    lower(signer),
    chainBatch,
    Array.isArray(proof) ? proof.map(lower) : proof
  ])
  return createHash('sha256').update(text, 'utf8').digest()
}

/** `true` when the row's record, clinician, batch and proof are the ones `fingerprint` was made of. */
function isAnchored(row: CloudRecord, signed: SignedRecord, fingerprint: Uint8Array): boolean {
  try {
    return anchorFingerprint(signed, row.clinician, row.chainBatch, row.proof).equals(fingerprint)
  } catch {
    return false
  }
}

function recovered(digest: string, signature: string): string | null {
  try {
    return recoverSigner(digest, signature).toLowerCase()
  } catch {
    return null
  }
}

/**
 * Checks a cloud row against the chain, taking nothing the row says on
 * trust: its columns must agree with the signed record; the payload must
 * decrypt, and commit (salted keccak) to the signed commitment; the record
 * must name the same patient as the row's pseudonym; the signature must
 * recover the row's clinician; and the leaf (tid, digest, signer, accepted)
 * must be in the tree whose root the ledger holds in state for the batch.
 * A row and a proof forged together still fail the last check.
 *
 * @param fingerprint the record's {@link anchorFingerprint} from the chain, when
 *   the caller has read it (an audit): a row that matches it skips the last
 *   two checks, whose outcome the chain side already knows; any other row
 *   takes them in full, so that the problem is named as without it.
 */
export async function verifyCloudRecord(
  row: CloudRecord,
  context: VerifyContext,
  fingerprint?: Uint8Array
): Promise<CloudRecordCheck> {
  if (
    row.chainId !== context.chainId ||
    row.ledgerAddress.toLowerCase() !== context.ledgerAddress.toLowerCase()
  ) {
    return fail('other-ledger', `anchored on ${row.ledgerAddress} (chain ${row.chainId})`)
  }
  const mismatched = signedRecordMismatches(row)
  if (mismatched.includes('tid') && !mismatched.includes('chainRecord')) {
    // The whole signed record of another tid under this one: a replay of that record.
    const other = (JSON.parse(row.chainRecord) as { tid?: unknown }).tid
    return fail('replayed', `the row holds another record (${String(other)}) under this tid`)
  }
  if (mismatched.length === 1 && mismatched[0] === 'patientPseudonym') {
    return fail('patient-swapped', 'the row names another patient than the signed record')
  }
  if (mismatched.length > 0) {
    return fail('modified', `columns differ from the signed record: ${mismatched.join(', ')}`)
  }
  let plaintext: Buffer
  try {
    plaintext = context.secrets.decryptPhi(row.payload, row.tid)
  } catch {
    return fail('undecryptable', 'the payload does not decrypt under the clinic data key')
  }
  if (keccak256Hex(plaintext) !== row.commitment) {
    return fail('modified', 'the payload does not match the signed commitment')
  }
  const document = JSON.parse(plaintext.toString('utf8')) as RecordDocument
  if (
    document.tid !== row.tid ||
    document.template.id !== row.templateId ||
    document.template.version !== row.templateVersion
  ) {
    return fail('modified', 'the payload is another record')
  }
  if (context.secrets.pseudonym(document.patient).toLowerCase() !== row.patientPseudonym) {
    return fail('patient-swapped', 'the row names another patient than the signed record')
  }
  const signed = JSON.parse(row.chainRecord) as SignedRecord
  if (fingerprint && isAnchored(row, signed, fingerprint)) return { ok: true, document }
  let digest: string
  try {
    digest = recordDigest(context.domain, signed)
  } catch {
    // Fields the columns do not repeat (the values) hold what no record can.
    return fail('modified', 'the signed record is malformed')
  }
  const signer = recovered(digest, row.signature)
  if (signer !== row.clinician.toLowerCase()) {
    return fail('forged', 'the signature is not the named clinician’s')
  }
  const root = await context.rootOf(row.chainBatch)
  if (!root) return fail('forged', `the ledger has no batch ${row.chainBatch}`)
  const anchored = verifyOutcome(
    root,
    {
      tid: row.tid,
      digest,
      signer,
      reason: 0
    },
    row.proof
  )
  if (!anchored) {
    return fail('forged', `not anchored as accepted in batch ${row.chainBatch}`)
  }
  return { ok: true, document }
}
