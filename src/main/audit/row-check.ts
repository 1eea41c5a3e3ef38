import type { CloudRecord } from '../cloud'
import type { SignedRecord } from '../chain/record-encoding'
import { keccak256Hex } from '../crypto/keccak'
import type { DeviceSecrets } from '../keys/device-secrets'
import { rowFingerprint } from './anchored-batch'

/** Patients whose pseudonym an audit keeps at most (a clinic's patients; then it starts again). */
const PSEUDONYMS_KEPT = 100_000

/** The columns a row repeats from its signed record (`signedRecordMismatches`' list). */
const SIGNED_FIELDS = [
  ['tid', 'tid'],
  ['templateId', 'templateId'],
  ['templateVersion', 'templateVersion'],
  ['clinicianSeq', 'seq'],
  ['commitment', 'commitment'],
  ['signature', 'signature']
] as const

const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v)

/**
 * The audit's check of a cloud row whose record the chain side read: every
 * check `verifyCloudRecord` makes, in one synchronous pass and with no
 * object a row besides the parsed JSON, for the rows that pass them all.
 * `true` only when `verifyCloudRecord(row, context)` would answer ok: the
 * row is on this ledger; its columns agree with its signed record; the
 * payload decrypts under the clinic data key, commits to the signed
 * commitment, and is this record of the patient the row names (the
 * pseudonym recomputed from the decrypted patient id under the clinic
 * secret); and the row's signed record, clinician, batch and proof are
 * exactly the anchored ones (the chain side's fingerprint, made from the
 * calldata, the signer it recovered and the tree it rebuilt to the root in
 * contract state), so that its signature recovers its clinician and its
 * proof leads to the root in state. Nothing the row says is taken on trust:
 * every column is either recomputed or compared with the chain's.
 *
 * `false` says only that the row is not plainly sound: the caller runs
 * `verifyCloudRecord` on it, which names what is wrong.
 */
export class RowCheck {
  readonly #chainId: number
  readonly #ledgerAddress: string
  readonly #secrets: Pick<DeviceSecrets, 'decryptPhi' | 'pseudonym'>
  /** Patient id → its pseudonym (lower case): an HMAC a patient, not a row. */
  readonly #pseudonyms = new Map<string, string>()

  constructor(
    chainId: number,
    ledgerAddress: string,
    secrets: Pick<DeviceSecrets, 'decryptPhi' | 'pseudonym'>
  ) {
    this.#chainId = chainId
    this.#ledgerAddress = ledgerAddress.toLowerCase()
    this.#secrets = secrets
  }

  /** Whether `row` verifies in full against `fingerprint`, its record's from the chain. */
  sound(row: CloudRecord, fingerprint: Uint8Array): boolean {
    try {
      return this.#sound(row, fingerprint)
    } catch {
      return false
    }
  }

  #sound(row: CloudRecord, fingerprint: Uint8Array): boolean {
    if (row.chainId !== this.#chainId || row.ledgerAddress.toLowerCase() !== this.#ledgerAddress) {
      return false
    }
    const parsed: unknown = JSON.parse(row.chainRecord)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return false
    const signed = parsed as Record<string, unknown>
    for (const [column, key] of SIGNED_FIELDS) if (lower(signed[key]) !== row[column]) return false
    if (lower(signed['patient']) !== row.patientPseudonym.slice(0, 34)) return false

    const plaintext = this.#secrets.decryptPhi(row.payload, row.tid)
    if (keccak256Hex(plaintext) !== row.commitment) return false
    const document = JSON.parse(plaintext.toString('utf8')) as {
      tid?: unknown
      patient?: unknown
      template?: { id?: unknown; version?: unknown }
    }
    if (
      document.tid !== row.tid ||
      document.template?.id !== row.templateId ||
      document.template.version !== row.templateVersion ||
      typeof document.patient !== 'string'
    ) {
      return false
    }
    if (this.#pseudonym(document.patient) !== row.patientPseudonym) return false

    const own = rowFingerprint(
      signed as unknown as SignedRecord,
      row.clinician,
      row.chainBatch,
      row.proof
    )
    return own !== null && Buffer.compare(own, fingerprint) === 0
  }

  #pseudonym(patient: string): string {
    let pseudonym = this.#pseudonyms.get(patient)
    if (pseudonym === undefined) {
      if (this.#pseudonyms.size >= PSEUDONYMS_KEPT) this.#pseudonyms.clear()
      pseudonym = this.#secrets.pseudonym(patient).toLowerCase()
      this.#pseudonyms.set(patient, pseudonym)
    }
    return pseudonym
  }
}
