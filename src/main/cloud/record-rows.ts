import type { z } from 'zod'
import type {
  CloudRecord,
  CloudRecordInput,
  RejectedRecord,
  RejectedRecordInput
} from './cloud-record'
import type { AcknowledgedColumns, RecordsTable, RejectedRecordsTable } from './schema/tables'

type ParsedRecord = z.output<typeof CloudRecordInput>
type ParsedRejected = z.output<typeof RejectedRecordInput>
type Acknowledged = Omit<ParsedRejected, 'ackStatus' | 'ackReason'> & {
  readonly ackStatus: string
  readonly ackReason: number
}

function acknowledgedColumns(
  r: Acknowledged,
  cloudSeq: number,
  syncedAt: string
): AcknowledgedColumns {
  return {
    tid: r.tid,
    cloud_seq: cloudSeq,
    workstation_id: r.workstationId,
    patient_pseudonym: r.patientPseudonym,
    template_id: r.templateId,
    template_version: r.templateVersion,
    clinician: r.clinician,
    clinician_seq: r.clinicianSeq,
    supersedes: r.supersedes,
    commitment: r.commitment,
    signature: r.signature,
    chain_record: r.chainRecord,
    ack_status: r.ackStatus,
    ack_reason: r.ackReason,
    chain_id: r.chainId,
    ledger_address: r.ledgerAddress,
    chain_batch: r.chainBatch,
    tx_hash: r.txHash,
    block_number: r.blockNumber,
    leaf_index: r.leafIndex,
    merkle_proof: JSON.stringify(r.proof),
    created_at: r.createdAt,
    anchored_at: r.anchoredAt,
    synced_at: syncedAt
  }
}

/** A parsed record as a `records` row. */
export function toRecordRow(r: ParsedRecord, cloudSeq: number, syncedAt: string): RecordsTable {
  return { ...acknowledgedColumns(r, cloudSeq, syncedAt), payload: Buffer.from(r.payload) }
}

/** A parsed refusal as a `rejected_records` row. */
export function toRejectedRow(
  r: ParsedRejected,
  cloudSeq: number,
  syncedAt: string
): RejectedRecordsTable {
  return acknowledgedColumns(r, cloudSeq, syncedAt)
}

// Drivers differ: big integers may come back as strings, blobs as Uint8Array.
const int = (value: unknown): number => Number(value)

function fromAcknowledged(row: AcknowledgedColumns): Acknowledged & { syncedAt: string } {
  return {
    tid: row.tid,
    workstationId: row.workstation_id,
    patientPseudonym: row.patient_pseudonym,
    templateId: int(row.template_id),
    templateVersion: int(row.template_version),
    clinician: row.clinician,
    clinicianSeq: int(row.clinician_seq),
    supersedes: row.supersedes ?? null,
    commitment: row.commitment,
    signature: row.signature,
    chainRecord: row.chain_record,
    ackStatus: row.ack_status,
    ackReason: int(row.ack_reason),
    chainId: int(row.chain_id),
    ledgerAddress: row.ledger_address,
    chainBatch: int(row.chain_batch),
    txHash: row.tx_hash,
    blockNumber: int(row.block_number),
    leafIndex: int(row.leaf_index),
    proof: JSON.parse(row.merkle_proof) as string[],
    createdAt: row.created_at,
    anchoredAt: row.anchored_at,
    syncedAt: row.synced_at
  }
}

/** A `records` row as a {@link CloudRecord}. */
export function fromRecordRow(row: RecordsTable): CloudRecord {
  const payload = row.payload
  return {
    ...fromAcknowledged(row),
    ackStatus: 'valid',
    ackReason: 0,
    payload: Buffer.isBuffer(payload) ? payload : Buffer.from(payload)
  }
}

/** A `rejected_records` row as a {@link RejectedRecord}. */
export function fromRejectedRow(row: RejectedRecordsTable): RejectedRecord {
  return { ...fromAcknowledged(row), ackStatus: 'invalid' }
}

/** Fields that a replay may change without it being a different record. */
const WRITE_FIELDS = new Set(['syncedAt', 'workstationId'])

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(b)
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]))
  }
  return a === b
}

/**
 * The fields in which `incoming` differs from the record already stored
 * under its tid (who wrote it, and when, aside): empty for a replay.
 */
export function differingFields(stored: object, incoming: object): string[] {
  const was = stored as Record<string, unknown>
  return Object.entries(incoming)
    .filter(([key, value]) => !WRITE_FIELDS.has(key) && !same(was[key], value))
    .map(([key]) => key)
}
