/**
 * Keys: device secrets (OS keychain or encrypted vault), clinicians'
 * keystores, and password input for the CLI. See docs/KEYS.md.
 */
export { writeFileAtomic } from './atomic-file'
export {
  ClinicianKeystores,
  KEYSTORE_SCRYPT,
  type ClinicianKeystoresOptions
} from './clinician-keystores'
export {
  DEVICE_SECRET_NAMES,
  DeviceSecrets,
  ensureDeviceSecrets,
  generateDeviceSecretValues,
  loadDeviceSecrets,
  type EnsuredDeviceSecrets
} from './device-secrets'
export {
  DEFAULT_PROBE_TIMEOUT_MS,
  KeychainStore,
  keychainLabel,
  keychainService,
  type KeychainStoreOptions
} from './keychain-store'
export { loadKeytar, type KeytarApi } from './keytar-api'
export {
  openSecretStore,
  type OpenSecretStoreOptions,
  type SecretStoreChoice,
  type SecretStorePreference
} from './open-secret-store'
export {
  PASSWORD_ENV,
  readPassword,
  type PasswordInput,
  type PasswordOutput,
  type ReadPasswordOptions
} from './password-input'
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy'
export { SECRET_NAME_PATTERN, type SecretStore, type SecretStoreKind } from './secret-store'
export { secretStoreInUse } from './secret-store-in-use'
export { STORE_MARKER_FILE, storeMarkerPath } from './store-marker'
export { changeUserPassword, enrollUser, loginUser, type UserKeysContext } from './user-keys'
export { checkUsername, isValidUsername, USERNAME_PATTERN } from './username'
export { SecretVault, type SecretVaultOptions, type VaultState } from './vault/secret-vault'
export { VAULT_FORMAT, VAULT_VERSION } from './vault/vault-format'
