import { scrypt } from 'node:crypto'
import { assert, makeError } from '../../shared/errors'

/** scrypt cost parameters, recorded next to everything derived with them. */
export interface ScryptParams {
  /** CPU/memory cost; a power of two. Memory used is 128 * N * r bytes. */
  readonly N: number
  /** Block size. */
  readonly r: number
  /** Parallelism. */
  readonly p: number
}

/**
 * The vault's key-slot KDF: N=2^16, r=8, p=1 (64 MiB, ~160 ms on the 2-core
 * development machine; see docs/KEYS.md). Twice the 2^15 floor commonly
 * recommended for interactive logins, and still well under the 300 ms a login
 * can spend on it.
 */
export const VAULT_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 16, r: 8, p: 1 })

/**
 * Bounds on parameters read from a file. The upper bounds stop an altered
 * file from making an unlock take minutes or gigabytes; the lower bound stops
 * a slot from being written with a trivially cheap KDF.
 */
export const SCRYPT_LIMITS = Object.freeze({
  minN: 2 ** 10,
  maxN: 2 ** 20,
  maxR: 16,
  maxP: 4
})

/** `true` when `params` are within {@link SCRYPT_LIMITS} and N is a power of two. */
export function validScryptParams(params: ScryptParams): boolean {
  const { N, r, p } = params
  return (
    Number.isInteger(N) &&
    Number.isInteger(r) &&
    Number.isInteger(p) &&
    N >= SCRYPT_LIMITS.minN &&
    N <= SCRYPT_LIMITS.maxN &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    r <= SCRYPT_LIMITS.maxR &&
    p >= 1 &&
    p <= SCRYPT_LIMITS.maxP
  )
}

/**
 * Derives `length` bytes from `password` and `salt` with scrypt, off the main
 * thread (libuv's pool), so the Electron main process stays responsive.
 */
export async function deriveScrypt(
  password: string,
  salt: Uint8Array,
  params: ScryptParams,
  length = 32
): Promise<Buffer> {
  assert(validScryptParams(params), 'scrypt parameters out of range', 'INVALID_ARGUMENT', {
    ...params
  })
  const { N, r, p } = params
  // Node refuses more than 32 MiB by default; allow what the params need.
  const maxmem = 128 * N * r * p + 2 * 128 * r * N
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, length, { N, r, p, maxmem }, (error, key) => {
      if (error) reject(makeError('scrypt failed', 'INTERNAL', { ...params }, error))
      else resolve(key)
    })
  })
}
