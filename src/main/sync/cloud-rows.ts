import type { CloudRecordInput, RejectedRecordInput } from '../cloud'
import type { OutgoingRecord } from '../store/sync-repo'

/** What every row of this workstation shares: who wrote it, and on which ledger. */
export interface RowContext {
  readonly workstationId: string
  readonly chainId: number
  readonly ledgerAddress: string
}

function acknowledged(record: OutgoingRecord, context: RowContext) {
  const signed = JSON.parse(record.chainRecord) as { commitment: string; signature: string }
  return {
    tid: record.tid,
    workstationId: context.workstationId,
    patientPseudonym: record.patientPseudonym,
    templateId: record.templateId,
    templateVersion: record.templateVersion,
    clinician: record.clinician.toLowerCase(),
    clinicianSeq: record.seq,
    supersedes: record.supersedes,
    commitment: signed.commitment,
    signature: signed.signature,
    chainRecord: record.chainRecord,
    chainId: context.chainId,
    ledgerAddress: context.ledgerAddress.toLowerCase(),
    chainBatch: record.chainBatch,
    txHash: record.txHash,
    blockNumber: record.blockNumber,
    leafIndex: record.leafIndex,
    proof: JSON.parse(record.proof) as string[],
    createdAt: record.createdAt,
    anchoredAt: record.anchoredAt
  }
}

/** T'_I as the cloud keeps it: the record as signed, its ACK and anchor, the encrypted T_I. */
export function cloudRecordRow(record: OutgoingRecord, context: RowContext): CloudRecordInput {
  return {
    ...acknowledged(record, context),
    payload: new Uint8Array(record.payload),
    ackStatus: 'valid',
    ackReason: 0
  }
}

/** A refusal for the cloud's audit table: the ACK and its proof, no clinical content. */
export function rejectedRecordRow(
  record: OutgoingRecord,
  context: RowContext
): RejectedRecordInput {
  return { ...acknowledged(record, context), ackStatus: 'invalid', ackReason: record.reason }
}
