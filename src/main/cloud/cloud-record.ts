import { z } from 'zod'
import { makeError } from '../../shared/errors'

const hex = (bytes: number) => new RegExp(`^0x[0-9a-f]{${bytes * 2}}$`)
const lowerHex = (bytes: number, what: string) =>
  z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.string().regex(hex(bytes), `${what} is 0x and ${bytes * 2} hex digits`))
const isoTime = z.iso.datetime({ offset: false })
const uint = z.int().nonnegative()

/** A record's id: 16 bytes, `0x` and 32 lower-case hex digits. */
export const Tid = lowerHex(16, 'a tid')

/** What every cloud row holds, accepted or not: the record as signed and its ACK. */
const AcknowledgedFields = {
  tid: Tid,
  /** The workstation that wrote the row (its `workstation.id`). */
  workstationId: z.uuid(),
  /** The patient's full pseudonym (HMAC-SHA256); the chain carries its first 16 bytes. */
  patientPseudonym: lowerHex(32, 'a patient pseudonym'),
  templateId: z.int().min(0).max(0xffff),
  templateVersion: z.int().min(0).max(0xffff),
  /** The clinician's address, as registered on the ledger. */
  clinician: lowerHex(20, 'a clinician address'),
  /** The clinician's sequence number (the ledger's replay window). */
  clinicianSeq: z.int().min(0).max(0xffffffff),
  supersedes: Tid.nullable(),
  /** keccak256 of the salted canonical record. */
  commitment: lowerHex(32, 'a commitment'),
  /** The clinician's compact (EIP-2098) signature. */
  signature: lowerHex(64, 'a compact signature'),
  /** The signed T_C as JSON (`SignedRecord`): what the digest and the Merkle leaf are made of. */
  chainRecord: z.string().min(2).max(16_384),
  /** The ledger the record was anchored on: its chain and contract (the EIP-712 domain). */
  chainId: z.int().positive(),
  ledgerAddress: lowerHex(20, 'a ledger address'),
  /** The contract's batch id (`BatchAnchored.batchId`), whose Merkle root is in contract state. */
  chainBatch: uint,
  txHash: lowerHex(32, 'a transaction hash'),
  blockNumber: uint,
  /** The record's leaf in its batch's tree, and the proof from that leaf to the anchored root. */
  leafIndex: uint,
  proof: z.array(lowerHex(32, 'a proof node')).max(64),
  /** When the clinician signed it (the local store's `created_at`). */
  createdAt: isoTime,
  /** When the batch holding its ACK was mined and the ACK written. */
  anchoredAt: isoTime
}

/**
 * A record the contract accepted, as a workstation pushes it: everything
 * needed to check it from the cloud alone against the chain (signature,
 * commitment, Merkle proof against the root the contract stored), and the
 * payload, the salted T_I encrypted (AES-256-GCM, tid as associated data)
 * under the clinic data key: the cloud never sees PHI in clear.
 */
export const CloudRecordInput = z.object({
  ...AcknowledgedFields,
  payload: z
    .custom<Uint8Array>((p) => p instanceof Uint8Array, { message: 'a payload is bytes' })
    .refine((p) => p.byteLength > 0 && p.byteLength <= 1 << 20, {
      message: 'a payload is 1 byte to 1 MiB'
    }),
  ackStatus: z.literal('valid'),
  ackReason: z.literal(0)
})
/** An accepted record as `CloudStore.upsertRecords` takes it. */
export type CloudRecordInput = z.input<typeof CloudRecordInput>

/**
 * A record the contract refused, for the audit table: its ACK with the
 * reason and the proof (refusals are leaves of the anchored tree too), but
 * no payload: only accepted records carry clinical content to the cloud.
 */
export const RejectedRecordInput = z.object({
  ...AcknowledgedFields,
  ackStatus: z.literal('invalid'),
  ackReason: z.int().min(1).max(255)
})
/** A refused record as `CloudStore.insertRejected` takes it. */
export type RejectedRecordInput = z.input<typeof RejectedRecordInput>

/** Times the cloud adds: when the row was written, and its place in pull order. */
interface Written {
  /** When the workstation wrote the row to the cloud (its clock). */
  readonly syncedAt: string
}

/** An accepted record as the cloud holds it. */
export type CloudRecord = Omit<z.output<typeof CloudRecordInput>, 'payload'> &
  Written & { readonly payload: Buffer }

/** A refused record as the cloud's audit table holds it. */
export type RejectedRecord = z.output<typeof RejectedRecordInput> & Written

/** The fields of a record that the signed chain record repeats; they must agree with it. */
const SIGNED_FIELDS = [
  ['tid', 'tid'],
  ['templateId', 'templateId'],
  ['templateVersion', 'templateVersion'],
  ['clinicianSeq', 'seq'],
  ['commitment', 'commitment'],
  ['signature', 'signature']
] as const

/**
 * Names the columns of `row` that disagree with its signed chain record,
 * empty when they agree. A row whose columns say something the signature
 * does not cover is refused before it reaches the cloud.
 */
export function signedRecordMismatches(
  row: Pick<
    z.output<typeof CloudRecordInput>,
    (typeof SIGNED_FIELDS)[number][0] | 'patientPseudonym' | 'chainRecord'
  >
): string[] {
  let signed: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(row.chainRecord)
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      return ['chainRecord']
    signed = parsed as Record<string, unknown>
  } catch {
    return ['chainRecord']
  }
  const norm = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : v)
  const bad: string[] = SIGNED_FIELDS.filter(
    ([column, key]) => norm(signed[key]) !== row[column]
  ).map(([column]) => column)
  // The chain carries the pseudonym's first 16 bytes.
  if (norm(signed['patient']) !== row.patientPseudonym.slice(0, 34)) bad.push('patientPseudonym')
  return bad
}

/**
 * Parses rows for the cloud: formats checked, hex lower-cased, and the
 * columns checked against the signed chain record. Throws
 * `INVALID_ARGUMENT` naming the first bad row and field; nothing of a batch
 * is written when any row is malformed.
 */
export function parseRows<S extends typeof CloudRecordInput | typeof RejectedRecordInput>(
  schema: S,
  rows: readonly unknown[]
): z.output<S>[] {
  return rows.map((row, i) => {
    const parsed = schema.safeParse(row)
    const tid = (row as { tid?: unknown } | null)?.tid
    const which = typeof tid === 'string' ? `record ${tid.slice(0, 34)}` : `row ${i}`
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const field = issue?.path.join('.') || 'row'
      throw makeError(`${which}: ${field}: ${issue?.message ?? 'invalid'}`, 'INVALID_ARGUMENT', {
        index: i
      })
    }
    const mismatches = signedRecordMismatches(parsed.data)
    if (mismatches.length > 0) {
      throw makeError(
        `${which}: ${mismatches.join(', ')} disagree${mismatches.length === 1 ? 's' : ''} with its signed chain record`,
        'INVALID_ARGUMENT',
        { index: i, fields: mismatches }
      )
    }
    return parsed.data as z.output<S>
  })
}
