/**
 * The cloud schema's tables as Kysely sees them. Column types are what
 * every engine's driver returns once read through `record-rows.ts`: big
 * integers may arrive as strings from some drivers, so readers convert them.
 */

/** Integer columns: numbers in, numbers (or numeric strings, from some drivers) out. */
type Int = number

/** Columns shared by `records` and `rejected_records`. */
export interface AcknowledgedColumns {
  tid: string
  /** Server-side order of writes: assigned under the sequence row's lock, so commit-ordered. */
  cloud_seq: Int
  workstation_id: string
  patient_pseudonym: string
  template_id: Int
  template_version: Int
  clinician: string
  clinician_seq: Int
  supersedes: string | null
  commitment: string
  signature: string
  chain_record: string
  ack_status: string
  ack_reason: Int
  chain_id: Int
  ledger_address: string
  chain_batch: Int
  tx_hash: string
  block_number: Int
  leaf_index: Int
  /** JSON array of 0x-hex proof nodes. */
  merkle_proof: string
  created_at: string
  anchored_at: string
  synced_at: string
}

/** `records`: accepted records, with their encrypted payload. */
export interface RecordsTable extends AcknowledgedColumns {
  payload: Uint8Array
}

/** `rejected_records`: refused records, without payload. */
export type RejectedRecordsTable = AcknowledgedColumns

/** One row per applied migration. */
export interface SchemaTable {
  version: Int
  name: string
  applied_at: string
  /** The workstation that applied it. */
  applied_by: string
}

/** Named values: the database's id, and the last value of each write sequence. */
export interface MetaTable {
  name: string
  text_value: string | null
  int_value: Int | null
}

/** Every table of the cloud schema, for Kysely. */
export interface CloudDatabase {
  records: RecordsTable
  rejected_records: RejectedRecordsTable
  mediblock_schema: SchemaTable
  mediblock_meta: MetaTable
}

/** The meta rows the schema creates. */
export const META = {
  /** A random id given to the database when its schema is created: cursors carry it. */
  databaseId: 'database.id',
  /** Last `cloud_seq` handed out in `records`; its row is the writers' lock. */
  recordsSequence: 'sequence.records',
  /** Last `cloud_seq` handed out in `rejected_records`. */
  rejectedSequence: 'sequence.rejected_records'
} as const
