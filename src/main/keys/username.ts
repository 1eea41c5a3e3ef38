import { assert } from '../../shared/errors'

/**
 * A username: 1-64 of lower-case letters, digits, `.`, `_`, `-`, starting and
 * ending with a letter or digit. Usernames name files (keystores) and vault
 * slots, so the pattern admits no separator, no `..`, nothing a shell or a
 * filesystem treats specially, and no case-only differences that a
 * case-insensitive filesystem (macOS, Windows) would merge.
 */
export const USERNAME_PATTERN = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/

/** Names Windows reserves for devices, whatever the extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/

/** `true` when `username` is acceptable (see {@link USERNAME_PATTERN}). */
export function isValidUsername(username: unknown): username is string {
  return (
    typeof username === 'string' &&
    USERNAME_PATTERN.test(username) &&
    !username.includes('..') &&
    !WINDOWS_RESERVED.test(username)
  )
}

/** Throws `INVALID_ARGUMENT` unless `username` is valid; answers it. */
export function checkUsername(username: unknown): string {
  assert(
    isValidUsername(username),
    'a username is 1-64 of a-z, 0-9, ".", "_", "-", starting and ending with a letter or digit',
    'INVALID_ARGUMENT'
  )
  return username
}
