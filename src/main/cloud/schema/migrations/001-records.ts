import { randomUUID } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import type { SqlFamily } from '../../cloud-target'
import { createTableSql, T, type ColumnSpec, type TableSpec } from '../ddl'
import { META, type CloudDatabase } from '../tables'
import type { CloudMigration } from './migration'

/**
 * The columns of an acknowledged record, in `records` and (from schema 2)
 * `rejected_records`: the signed record, its ACK with the anchor, and who
 * wrote it when. Frozen with this migration.
 */
export const ACKNOWLEDGED_COLUMNS: readonly ColumnSpec[] = [
  { name: 'tid', type: T.varchar(34) },
  { name: 'cloud_seq', type: T.bigint },
  { name: 'workstation_id', type: T.varchar(36) },
  { name: 'patient_pseudonym', type: T.varchar(66) },
  { name: 'template_id', type: T.int },
  { name: 'template_version', type: T.int },
  { name: 'clinician', type: T.varchar(42) },
  { name: 'clinician_seq', type: T.bigint },
  { name: 'supersedes', type: T.varchar(34), nullable: true },
  { name: 'commitment', type: T.varchar(66) },
  { name: 'signature', type: T.varchar(130) },
  { name: 'chain_record', type: T.text },
  { name: 'ack_status', type: T.varchar(16) },
  { name: 'ack_reason', type: T.int },
  { name: 'chain_id', type: T.bigint },
  { name: 'ledger_address', type: T.varchar(42) },
  { name: 'chain_batch', type: T.bigint },
  { name: 'tx_hash', type: T.varchar(66) },
  { name: 'block_number', type: T.bigint },
  { name: 'leaf_index', type: T.int },
  { name: 'merkle_proof', type: T.text },
  { name: 'created_at', type: T.varchar(32) },
  { name: 'anchored_at', type: T.varchar(32) },
  { name: 'synced_at', type: T.varchar(32) }
]

const META_TABLE: TableSpec = {
  name: 'mediblock_meta',
  columns: [
    { name: 'name', type: T.varchar(64) },
    { name: 'text_value', type: T.varchar(255), nullable: true },
    { name: 'int_value', type: T.bigint, nullable: true }
  ],
  primaryKey: ['name']
}

const RECORDS_TABLE: TableSpec = {
  name: 'records',
  columns: [
    ...ACKNOWLEDGED_COLUMNS.slice(0, 9),
    { name: 'payload', type: T.blob },
    ...ACKNOWLEDGED_COLUMNS.slice(9)
  ],
  primaryKey: ['tid'],
  // The pull cursor walks cloud_seq.
  unique: [['cloud_seq']],
  indexes: [{ name: 'records_by_patient', columns: ['patient_pseudonym', 'created_at'] }],
  checks: ["ack_status = 'valid' AND ack_reason = 0", 'length(tid) = 34']
}

/** Adds a meta row unless it is there (a re-run after a crash keeps the first). */
export async function ensureMetaRow(
  db: Kysely<CloudDatabase>,
  name: string,
  value: { text: string } | { int: number }
): Promise<void> {
  const row = await db
    .selectFrom('mediblock_meta')
    .select('name')
    .where('name', '=', name)
    .executeTakeFirst()
  if (row) return
  await db
    .insertInto('mediblock_meta')
    .values({
      name,
      text_value: 'text' in value ? value.text : null,
      int_value: 'int' in value ? value.int : null
    })
    .execute()
}

/** Runs a table's CREATE statements. */
export async function createTable(
  db: Kysely<CloudDatabase>,
  family: SqlFamily,
  table: TableSpec
): Promise<void> {
  for (const statement of createTableSql(family, table)) await sql.raw(statement).execute(db)
}

/**
 * Accepted records, and the meta rows: the database's random id (pull
 * cursors carry it, so a cursor from another database is refused) and the
 * records sequence, whose row every writer locks first.
 */
export const migration001: CloudMigration = {
  version: 1,
  name: 'records',
  async up(db, family) {
    await createTable(db, family, META_TABLE)
    await createTable(db, family, RECORDS_TABLE)
    await ensureMetaRow(db, META.databaseId, { text: randomUUID() })
    await ensureMetaRow(db, META.recordsSequence, { int: 0 })
  }
}
