/** First retry after a failed push, in ms. */
export const BACKOFF_BASE_MS = 2_000
/** Retries never wait longer than this, in ms. */
export const BACKOFF_CAP_MS = 5 * 60_000

/**
 * When to try again after `attempts` failures: exponential (2 s, 4 s, 8 s,
 * … up to 5 min) with jitter in the upper half, so that the workstations
 * of a clinic that lost the cloud together do not all come back at once.
 */
export function retryAt(attempts: number, now: Date, random: () => number = Math.random): Date {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 20)
  const delay = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent)
  return new Date(now.getTime() + delay / 2 + (delay / 2) * random())
}
