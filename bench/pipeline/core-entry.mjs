// The core modules the pipeline bench drives, bundled by bench/launch.mjs the
// way electron-vite bundles the app (CommonJS, dependencies external), so the
// bench runs the same compiled code as the CLI and the Electron main process.
export { LocalStore } from '../../src/main/store/local-store.ts'
export { BundledNode } from '../../src/main/chain/node/bundled-node.ts'
export { deployLedger } from '../../src/main/chain/deploy-ledger.ts'
export { defaultTemplates } from '../../src/main/chain/default-templates.ts'
export { fundOnBundledNode } from '../../src/main/clinic/ledger-connection.ts'
export { DeviceSecrets, generateDeviceSecretValues } from '../../src/main/keys/device-secrets.ts'
export { checkAttributes } from '../../src/main/handshaker/attributes.ts'
export { LedgerClient } from '../../src/main/handshaker/ledger-client.ts'
export { generateRecord } from '../../src/main/handshaker/transaction-generator.ts'
export {
  DEFAULT_BATCH_SIZE,
  TransactionValidator
} from '../../src/main/handshaker/transaction-validator.ts'
export { templateHash } from '../../src/shared/templates/index.ts'
