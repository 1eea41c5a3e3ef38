// The core modules the sync bench drives, bundled by bench/launch.mjs the way
// electron-vite bundles the app (CommonJS, dependencies external), so the
// bench runs the same compiled push path as the CLI; and the test servers
// (PostgreSQL, MariaDB from apt, in temp dirs on loopback ports) the cloud
// store's tests run against.
export { LocalStore } from '../../src/main/store/local-store.ts'
export { DeviceSecrets, generateDeviceSecretValues } from '../../src/main/keys/device-secrets.ts'
export { defaultTemplates } from '../../src/main/chain/default-templates.ts'
export { ledgerDomain } from '../../src/main/chain/record-encoding.ts'
export { checkAttributes } from '../../src/main/handshaker/attributes.ts'
export { buildAcks } from '../../src/main/handshaker/acks.ts'
export { generateRecord } from '../../src/main/handshaker/transaction-generator.ts'
export { DEFAULT_BATCH_SIZE } from '../../src/main/handshaker/transaction-validator.ts'
export { batchTree } from '../../src/main/chain/merkle.ts'
export { recordDigest } from '../../src/main/chain/record-encoding.ts'
export { templateHash } from '../../src/shared/templates/index.ts'
export { CloudStore } from '../../src/main/cloud/cloud-store.ts'
export { parseRows, CloudRecordInput } from '../../src/main/cloud/cloud-record.ts'
export { toRecordRow } from '../../src/main/cloud/record-rows.ts'
export { cloudRecordRow } from '../../src/main/sync/cloud-rows.ts'
export { pushOutbox, PUSH_BATCH } from '../../src/main/sync/push.ts'
export { PostgresServer } from '../../test/support/postgres-server.ts'
export { MariadbServer } from '../../test/support/mariadb-server.ts'
