import type { CloudSettings } from '../../shared/ipc/schemas'
import type { SecretStore } from '../keys/secret-store'
import type { CloudCredentials } from './engines/connect-engine'

/** Where cloud credentials live in the device secret store (keychain or vault), never in config. */
export const CLOUD_SECRET_NAMES = Object.freeze({
  /** The PostgreSQL or MySQL user's password. */
  password: 'cloud:password',
  /** The AWS secret access key for the Data API (with the settings' access key id). */
  secretAccessKey: 'cloud:aws-secret-access-key'
})

type Field = keyof typeof CLOUD_SECRET_NAMES

/** The credential an engine's settings need, if any. */
export function credentialFor(settings: CloudSettings): Field | null {
  switch (settings.engine) {
    case 'sqlite':
      return null
    case 'postgres':
    case 'mysql':
      return 'password'
    case 'data-api':
      return settings.accessKeyId ? 'secretAccessKey' : null
  }
}

/** The credentials `settings` need, from the secret store (absent ones left out). */
export async function readCloudCredentials(
  store: SecretStore,
  settings: CloudSettings
): Promise<CloudCredentials> {
  const field = credentialFor(settings)
  if (field === null) return {}
  const value = await store.get(CLOUD_SECRET_NAMES[field])
  return value === null ? {} : { [field]: value }
}

/**
 * Stores the credential `settings` need (or removes it, for `undefined`),
 * and removes the other cloud credentials, so a changed engine leaves no
 * stale secret behind.
 */
export async function saveCloudCredentials(
  store: SecretStore,
  settings: CloudSettings,
  secret: string | undefined
): Promise<void> {
  const field = credentialFor(settings)
  for (const [key, name] of Object.entries(CLOUD_SECRET_NAMES) as [Field, string][]) {
    if (key === field && secret !== undefined) await store.set(name, secret)
    else await store.delete(name)
  }
}
