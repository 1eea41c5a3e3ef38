import { assert } from '../../shared/errors'

/** Where a workstation's device secrets live. */
export type SecretStoreKind = 'keychain' | 'vault'

/**
 * A named store of device secrets (the handshaker key, the clinic data key,
 * the pseudonym secret, later cloud credentials). Values are strings, as the
 * OS keychains store them; callers encode bytes (hex).
 */
export interface SecretStore {
  readonly kind: SecretStoreKind
  /** One line for `mediblock status` and the admin screen; never a secret. */
  readonly description: string
  /** The secret, or `null` when none is stored under `name`. */
  get(name: string): Promise<string | null>
  /** Stores (or replaces) the secret under `name`. */
  set(name: string, value: string): Promise<void>
  /** Removes the secret; `true` when there was one. */
  delete(name: string): Promise<boolean>
}

/**
 * A secret's name: lower-case letters, digits, `.`, `-`, `:`; 1 to 64
 * characters. Names are keychain account names and vault entry keys, so
 * they are kept plain and portable.
 */
export const SECRET_NAME_PATTERN = /^[a-z0-9][a-z0-9.:-]{0,63}$/

/** Throws `INVALID_ARGUMENT` unless `name` matches {@link SECRET_NAME_PATTERN}. */
export function checkSecretName(name: string): void {
  assert(
    typeof name === 'string' && SECRET_NAME_PATTERN.test(name),
    'a secret name is 1-64 of a-z, 0-9, ".", "-", ":", starting with a letter or digit',
    'INVALID_ARGUMENT',
    { name: typeof name === 'string' ? name.slice(0, 80) : typeof name }
  )
}

/** Throws `INVALID_ARGUMENT` unless `value` is a non-empty string. */
export function checkSecretValue(value: string): void {
  assert(
    typeof value === 'string' && value.length > 0,
    'a secret is a non-empty string',
    'INVALID_ARGUMENT'
  )
}
