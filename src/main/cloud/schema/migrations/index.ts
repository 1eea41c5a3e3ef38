import { migration001 } from './001-records'
import { migration002 } from './002-rejected-records'
import type { CloudMigration } from './migration'

export type { CloudMigration } from './migration'

/** Every migration of the cloud schema, in order. Append only. */
export const CLOUD_MIGRATIONS: readonly CloudMigration[] = [migration001, migration002]

/** The schema version this MediBlock needs. */
export const CLOUD_SCHEMA_VERSION = CLOUD_MIGRATIONS.length
