import type { Wallet } from 'ethers'
import type { DataDirLayout } from '../config/data-dir'
import { ClinicianKeystores } from '../keys/clinician-keystores'
import { ensureDeviceSecrets, type DeviceSecrets } from '../keys/device-secrets'
import {
  openSecretStore,
  type SecretStoreChoice,
  type SecretStorePreference
} from '../keys/open-secret-store'
import { enrollUser, loginUser } from '../keys/user-keys'

/** `MEDIBLOCK_SECRET_STORE=vault|keychain|auto` chooses where device secrets live. */
export function secretStorePreference(
  env: Readonly<Record<string, string | undefined>> = process.env
): SecretStorePreference {
  const value = env['MEDIBLOCK_SECRET_STORE']
  return value === 'vault' || value === 'keychain' ? value : 'auto'
}

/**
 * The keys of one workstation: where its device secrets live (keychain or
 * vault), and its users' keystores. Logging a user in unlocks their signer
 * and, with a vault, the vault.
 */
export class WorkstationKeys {
  readonly secrets: SecretStoreChoice
  readonly keystores: ClinicianKeystores

  private constructor(secrets: SecretStoreChoice, keystores: ClinicianKeystores) {
    this.secrets = secrets
    this.keystores = keystores
  }

  static async open(paths: DataDirLayout, keytarBinding?: string): Promise<WorkstationKeys> {
    const secrets = await openSecretStore({
      dataDir: paths.root,
      prefer: secretStorePreference(),
      ...(keytarBinding ? { keytarBinding } : {})
    })
    return new WorkstationKeys(secrets, new ClinicianKeystores(paths.keysDir))
  }

  /** Gives a new user a keystore (and a vault slot); answers their address. */
  async enroll(username: string, password: string): Promise<string> {
    return (await enrollUser(this, username, password)).address
  }

  /** Unlocks a user's signer (and the vault); `UNAUTHENTICATED` on a wrong password. */
  login(username: string, password: string): Promise<Wallet> {
    return loginUser(this, username, password)
  }

  /** The device secrets, made on first use; needs the vault unlocked where there is one. */
  async deviceSecrets(): Promise<DeviceSecrets> {
    return (await ensureDeviceSecrets(this.secrets.store)).secrets
  }
}
