/**
 * The IPC contract's schemas, one file per domain under `schemas/`. Import
 * from here: the split is for reading, not for callers.
 */
export * from './schemas/app'
export * from './schemas/audit'
export * from './schemas/cloud'
export * from './schemas/common'
export * from './schemas/ledger'
export * from './schemas/patients'
export * from './schemas/records'
export * from './schemas/session'
export * from './schemas/setup'
export * from './schemas/status'
export * from './schemas/templates'
export * from './schemas/users'
