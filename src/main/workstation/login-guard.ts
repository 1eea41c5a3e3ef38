import { makeError } from '../../shared/errors'

export interface LoginGuardOptions {
  /** Failed attempts in a row allowed before the user must wait. */
  readonly freeAttempts?: number
  /** The first wait; it doubles with each further failure. */
  readonly baseDelayMs?: number
  readonly maxDelayMs?: number
  readonly now?: () => number
}

/**
 * Counts failed logins and unlocks per username in this process, and makes
 * a user wait after too many in a row (30 s after the fifth, doubling up to
 * 15 min), so a password cannot be guessed at the speed of scrypt. A
 * success clears the count. Each failure is in the audit log as well
 * (`login.failed`, `unlock.failed`).
 */
export class LoginGuard {
  readonly #failures = new Map<string, { count: number; until: number }>()
  readonly #freeAttempts: number
  readonly #baseDelayMs: number
  readonly #maxDelayMs: number
  readonly #now: () => number

  constructor(options: LoginGuardOptions = {}) {
    this.#freeAttempts = options.freeAttempts ?? 5
    this.#baseDelayMs = options.baseDelayMs ?? 30_000
    this.#maxDelayMs = options.maxDelayMs ?? 15 * 60_000
    this.#now = options.now ?? Date.now
  }

  /** Throws `RATE_LIMITED` (saying how long to wait) while `username` must wait. */
  check(username: string): void {
    const entry = this.#failures.get(username)
    const wait = entry ? entry.until - this.#now() : 0
    if (wait > 0) {
      throw makeError(
        `too many failed attempts: try again in ${Math.ceil(wait / 1000)} s`,
        'RATE_LIMITED',
        { username, failures: entry?.count }
      )
    }
  }

  /** Counts a failure; answers the failures in a row so far. */
  failed(username: string): number {
    const count = (this.#failures.get(username)?.count ?? 0) + 1
    const over = count - this.#freeAttempts
    const delay = over >= 0 ? Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** over) : 0
    this.#failures.set(username, { count, until: this.#now() + delay })
    return count
  }

  succeeded(username: string): void {
    this.#failures.delete(username)
  }
}
