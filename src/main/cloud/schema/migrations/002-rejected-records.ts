import type { TableSpec } from '../ddl'
import { META } from '../tables'
import { ACKNOWLEDGED_COLUMNS, createTable, ensureMetaRow } from './001-records'
import type { CloudMigration } from './migration'

const REJECTED_TABLE: TableSpec = {
  name: 'rejected_records',
  columns: ACKNOWLEDGED_COLUMNS,
  primaryKey: ['tid'],
  unique: [['cloud_seq']],
  checks: ["ack_status = 'invalid' AND ack_reason > 0", 'length(tid) = 34']
}

/**
 * The audit table of records the contract refused: the signed record and
 * its ACK with the reason and Merkle proof (a refusal is a leaf of the
 * anchored tree too, so it is provable), no payload.
 */
export const migration002: CloudMigration = {
  version: 2,
  name: 'rejected-records',
  async up(db, family) {
    await createTable(db, family, REJECTED_TABLE)
    await ensureMetaRow(db, META.rejectedSequence, { int: 0 })
  }
}
