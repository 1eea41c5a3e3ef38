import { assert } from '../../shared/errors'

/** Shortest password accepted for a new key slot or keystore. */
export const MIN_PASSWORD_LENGTH = 8
/** Longest password accepted; bounds the work one request can cause. */
export const MAX_PASSWORD_LENGTH = 1024

/** Throws `INVALID_ARGUMENT` unless `password` may protect a new key. */
export function checkNewPassword(password: unknown): asserts password is string {
  assert(
    typeof password === 'string' &&
      password.length >= MIN_PASSWORD_LENGTH &&
      password.length <= MAX_PASSWORD_LENGTH,
    `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
    'INVALID_ARGUMENT'
  )
}

/** Throws `INVALID_ARGUMENT` unless `password` can be a password at all. */
export function checkGivenPassword(password: unknown): asserts password is string {
  assert(
    typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH,
    'a password is a string',
    'INVALID_ARGUMENT'
  )
}
