import type { Kysely } from 'kysely'
import type { SqlFamily } from '../../cloud-target'
import type { CloudDatabase } from '../tables'

/**
 * One numbered step of the cloud schema. Never edit one that shipped. Each
 * step must be safe to run again after a crash part-way (IF NOT EXISTS,
 * rows inserted only when missing): MySQL commits DDL as it goes, so there a
 * step is not one transaction.
 */
export interface CloudMigration {
  readonly version: number
  readonly name: string
  up(db: Kysely<CloudDatabase>, family: SqlFamily): Promise<void>
}
