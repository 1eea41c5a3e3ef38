import type { z } from 'zod'
import type { AcknowledgedTable } from './acknowledged-writer'
import type {
  CloudRecord,
  CloudRecordInput,
  RejectedRecord,
  RejectedRecordInput
} from './cloud-record'
import {
  differingFields,
  fromRecordRow,
  fromRejectedRow,
  toRecordRow,
  toRejectedRow
} from './record-rows'
import { META, type RecordsTable, type RejectedRecordsTable } from './schema/tables'

/** `records`: accepted records, written idempotently by tid. */
export const RECORDS: AcknowledgedTable<
  z.output<typeof CloudRecordInput>,
  CloudRecord,
  RecordsTable
> = {
  table: 'records',
  sequence: META.recordsSequence,
  toRow: toRecordRow,
  fromRow: fromRecordRow,
  differences: differingFields
}

/** `rejected_records`: the audit table of refused records. */
export const REJECTED: AcknowledgedTable<
  z.output<typeof RejectedRecordInput>,
  RejectedRecord,
  RejectedRecordsTable
> = {
  table: 'rejected_records',
  sequence: META.rejectedSequence,
  toRow: toRejectedRow,
  fromRow: fromRejectedRow,
  differences: differingFields
}
