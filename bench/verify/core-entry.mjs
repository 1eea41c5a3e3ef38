// The core modules the verify bench drives, bundled by bench/launch.mjs the way
// electron-vite bundles the app (CommonJS, dependencies external), so the
// bench runs the same compiled audit as `mediblock verify`; and the
// PostgreSQL test server (from apt, in a temp dir on a loopback port).
export { LocalStore } from '../../src/main/store/local-store.ts'
export { BundledNode } from '../../src/main/chain/node/bundled-node.ts'
export { deployLedger } from '../../src/main/chain/deploy-ledger.ts'
export { defaultTemplates } from '../../src/main/chain/default-templates.ts'
export { fundOnBundledNode } from '../../src/main/clinic/ledger-connection.ts'
export { DeviceSecrets, generateDeviceSecretValues } from '../../src/main/keys/device-secrets.ts'
export { checkAttributes } from '../../src/main/handshaker/attributes.ts'
export { LedgerClient } from '../../src/main/handshaker/ledger-client.ts'
export { generateRecord } from '../../src/main/handshaker/transaction-generator.ts'
export { TransactionValidator } from '../../src/main/handshaker/transaction-validator.ts'
export { templateHash } from '../../src/shared/templates/index.ts'
export { CloudStore } from '../../src/main/cloud/cloud-store.ts'
export { cloudRecordRow } from '../../src/main/sync/cloud-rows.ts'
export { verifyCloud } from '../../src/main/audit/verify-cloud.ts'
export { PostgresServer } from '../../test/support/postgres-server.ts'
export { recordDigest } from '../../src/main/chain/record-encoding.ts'
