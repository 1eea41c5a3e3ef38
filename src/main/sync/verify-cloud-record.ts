import { keccak256, toUtf8Bytes, type TypedDataDomain } from 'ethers'
import { signedRecordMismatches, type CloudRecord } from '../cloud'
import { verifyOutcome } from '../chain/merkle'
import { recoverSigner } from '../chain/recover-signer'
import { recordDigest, type SignedRecord } from '../chain/record-encoding'
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
 */
export async function verifyCloudRecord(
  row: CloudRecord,
  context: VerifyContext
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
  let canonical: string
  try {
    canonical = context.secrets.decryptPhi(row.payload, row.tid).toString('utf8')
  } catch {
    return fail('undecryptable', 'the payload does not decrypt under the clinic data key')
  }
  if (keccak256(toUtf8Bytes(canonical)) !== row.commitment) {
    return fail('modified', 'the payload does not match the signed commitment')
  }
  const document = JSON.parse(canonical) as RecordDocument
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
  const digest = recordDigest(context.domain, signed)
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
