/**
 * The cloud store: one schema on embedded SQLite, PostgreSQL, MySQL/MariaDB
 * or Aurora PostgreSQL through the RDS Data API. See docs/CLOUD.md.
 */
export type { RecordConflict } from './acknowledged-writer'
export {
  CLOUD_SECRET_NAMES,
  credentialFor,
  readCloudCredentials,
  saveCloudCredentials
} from './cloud-credentials'
export {
  CloudRecordInput,
  RejectedRecordInput,
  signedRecordMismatches,
  type CloudRecord,
  type RejectedRecord
} from './cloud-record'
export {
  CloudStore,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_PULL_LIMIT,
  type CloudCheck,
  type CloudStoreOptions,
  type PullOptions,
  type PullPage,
  type UpsertResult
} from './cloud-store'
export {
  DEFAULT_DATABASE,
  DEFAULT_USER,
  describeTarget,
  resolveCloudTarget,
  type CloudTarget
} from './cloud-target'
export type { CloudCredentials } from './engines/connect-engine'
export { openConfiguredCloud, type ConfiguredCloudOptions } from './open-configured-cloud'
export type { PullCursor } from './pull-cursor'
export { CLOUD_SCHEMA_VERSION } from './schema/migrations'
export type { MigrationReport, SchemaStatus } from './schema/migrator'
