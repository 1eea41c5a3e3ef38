import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { ZeroAddress } from 'ethers'
import secp256k1 from 'secp256k1'
import { makeError } from '../../shared/errors'
import { hexBytes } from './hex-bytes'
import { addressOf, recoverSigner, splitSignature } from './recover-signer'

/** One recovery to make: the 32-byte digest and the signature over it. */
export interface SignedDigest {
  readonly digest: string
  readonly signature: string
}

/**
 * The worker: libsecp256k1's public-key recovery, nothing else (the digests
 * and signatures come split, the addresses are hashed by the caller). It
 * loads the package's native binding itself, never its pure-JavaScript
 * fallback, and says so if it cannot.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
let secp256k1 = null
try {
  secp256k1 = require(workerData.binding)
  parentPort.postMessage({ ready: true })
} catch (error) {
  parentPort.postMessage({ ready: false, error: String(error) })
}
if (secp256k1) parentPort.on('message', ({ id, digests, signatures, recoveries }) => {
  const count = recoveries.length
  const keys = new Uint8Array(count * 64)
  const ok = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    if (recoveries[i] > 3) continue
    try {
      const key = secp256k1.ecdsaRecover(
        signatures.subarray(i * 64, i * 64 + 64),
        recoveries[i],
        digests.subarray(i * 32, i * 32 + 32),
        false
      )
      keys.set(key.subarray(1), i * 64)
      ok[i] = 1
    } catch {}
  }
  parentPort.postMessage({ id, keys, ok }, [keys.buffer, ok.buffer])
})
`

interface Answer {
  readonly id: number
  readonly keys: Uint8Array
  readonly ok: Uint8Array
}

/**
 * Signer recovery spread over worker threads, one a core: an audit
 * recovers the signer of every record ever anchored (~60 µs each through
 * libsecp256k1, most of the chain side's time), and these are independent.
 * {@link recover} answers exactly what `recoverSigner` answers for each,
 * or the zero address where it throws (a malformed signature). Where the
 * native binding cannot be loaded in a worker, or on one core, the pool
 * recovers in the calling thread.
 */
export class SignerPool {
  readonly #workers: Worker[]
  readonly #pending = new Map<
    number,
    { resolve: (a: Answer) => void; reject: (e: Error) => void }
  >()
  readonly #jobs: number[]
  #turn = 0
  #ids = 0
  #failed: Error | undefined

  private constructor(workers: Worker[]) {
    this.#workers = workers
    this.#jobs = workers.map(() => 0)
    for (const worker of workers) {
      worker.on('message', (answer: Answer) => {
        const pending = this.#pending.get(answer.id)
        this.#pending.delete(answer.id)
        pending?.resolve(answer)
      })
      worker.on('error', (error) => this.#fail(error))
      worker.on('exit', (code) => {
        if (code !== 0) this.#fail(new Error(`exited with code ${code}`))
      })
    }
  }

  /** Starts `size` workers (one a core, at most four); none where they cannot do better. */
  static async open(size = Math.min(4, availableParallelism())): Promise<SignerPool> {
    if (size < 2) return new SignerPool([])
    let binding: string
    try {
      binding = require.resolve('secp256k1/bindings')
    } catch {
      return new SignerPool([])
    }
    const workers = Array.from(
      { length: size },
      () => new Worker(WORKER, { eval: true, workerData: { binding } })
    )
    const ready = await Promise.all(
      workers.map(
        (worker) =>
          new Promise<boolean>((resolve) => {
            worker.once('message', (m: { ready: boolean }) => resolve(m.ready))
            worker.once('error', () => resolve(false))
          })
      )
    )
    if (ready.every(Boolean)) return new SignerPool(workers)
    await Promise.all(workers.map((w) => w.terminate()))
    return new SignerPool([])
  }

  /** Worker threads recovering (0: the calling thread does). */
  get threads(): number {
    return this.#workers.length
  }

  /** Parts of batches each worker has been given so far (all of them should get work). */
  get jobsPerThread(): readonly number[] {
    return [...this.#jobs]
  }

  /** The signer of each, checksummed; the zero address where the signature is malformed. */
  async recover(items: readonly SignedDigest[]): Promise<string[]> {
    if (this.#workers.length === 0 || items.length < 2 * this.#workers.length) {
      return items.map(({ digest, signature }) => signerOrZero(digest, signature))
    }
    const per = Math.ceil(items.length / this.#workers.length)
    const parts: Promise<string[]>[] = []
    for (let from = 0; from < items.length; from += per) {
      parts.push(this.#recoverOn(this.#pick(), items.slice(from, from + per)))
    }
    return (await Promise.all(parts)).flat()
  }

  /**
   * The uncompressed public keys (x‖y, 64 bytes each) of `count` recoveries
   * given as bytes: digests (32 bytes each), compact r‖s with the parity bit
   * cleared (64 bytes each) and recovery ids (above 3: none); `ok[i]` is 0
   * where libsecp256k1 refuses one. For a caller that has the bytes already
   * (an audit reads them from calldata): no hex either way, and it hashes
   * the addresses itself.
   */
  async recoverKeys(
    digests: Uint8Array,
    signatures: Uint8Array,
    recoveries: Uint8Array
  ): Promise<{ keys: Uint8Array; ok: Uint8Array }> {
    const count = recoveries.length
    if (this.#workers.length === 0 || count < 2 * this.#workers.length) {
      return recoverKeysHere(digests, signatures, recoveries)
    }
    const per = Math.ceil(count / this.#workers.length)
    const parts: Promise<Answer>[] = []
    for (let from = 0; from < count; from += per) {
      const to = Math.min(count, from + per)
      parts.push(
        this.#post(
          this.#pick(),
          digests.slice(from * 32, to * 32),
          signatures.slice(from * 64, to * 64),
          recoveries.slice(from, to)
        )
      )
    }
    const keys = new Uint8Array(count * 64)
    const ok = new Uint8Array(count)
    let at = 0
    for (const answer of await Promise.all(parts)) {
      keys.set(answer.keys, at * 64)
      ok.set(answer.ok, at)
      at += answer.ok.length
    }
    return { keys, ok }
  }

  /** Ends the workers; idempotent. */
  async close(): Promise<void> {
    const workers = this.#workers.splice(0)
    await Promise.all(workers.map((w) => w.terminate()))
  }

  #pick(): Worker {
    const turn = this.#turn++ % this.#workers.length
    this.#jobs[turn] = (this.#jobs[turn] ?? 0) + 1
    return this.#workers[turn] as Worker
  }

  async #recoverOn(worker: Worker, items: readonly SignedDigest[]): Promise<string[]> {
    if (this.#failed) throw this.#failed
    const count = items.length
    const digests = new Uint8Array(count * 32)
    const signatures = new Uint8Array(count * 64)
    // 255: a signature that does not even split; the worker leaves it out.
    const recoveries = new Uint8Array(count).fill(255)
    items.forEach(({ digest, signature }, i) => {
      try {
        const [compact, recovery] = splitSignature(signature)
        const bytes = hexBytes(digest)
        if (bytes.length !== 32 || compact.length !== 64) return
        digests.set(bytes, i * 32)
        signatures.set(compact, i * 64)
        recoveries[i] = recovery
      } catch {
        // Left at 255: no signer.
      }
    })
    const answer = await this.#post(worker, digests, signatures, recoveries)
    return items.map((_, i) =>
      answer.ok[i] === 1 ? addressOf(answer.keys.subarray(i * 64, i * 64 + 64)) : ZeroAddress
    )
  }

  #post(
    worker: Worker,
    digests: Uint8Array<ArrayBuffer>,
    signatures: Uint8Array<ArrayBuffer>,
    recoveries: Uint8Array<ArrayBuffer>
  ): Promise<Answer> {
    if (this.#failed) return Promise.reject(this.#failed)
    const id = this.#ids++
    return new Promise<Answer>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      worker.postMessage({ id, digests, signatures, recoveries }, [
        digests.buffer,
        signatures.buffer,
        recoveries.buffer
      ])
    })
  }

  #fail(cause: Error): void {
    this.#failed ??= makeError('a signer recovery worker failed', 'INTERNAL', {}, cause)
    for (const pending of this.#pending.values()) pending.reject(this.#failed)
    this.#pending.clear()
  }
}

function signerOrZero(digest: string, signature: string): string {
  try {
    return recoverSigner(digest, signature)
  } catch {
    return ZeroAddress
  }
}

/** {@link SignerPool.recoverKeys} in the calling thread. */
function recoverKeysHere(
  digests: Uint8Array,
  signatures: Uint8Array,
  recoveries: Uint8Array
): { keys: Uint8Array; ok: Uint8Array } {
  const count = recoveries.length
  const keys = new Uint8Array(count * 64)
  const ok = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const recovery = recoveries[i] ?? 255
    if (recovery > 3) continue
    try {
      const key = secp256k1.ecdsaRecover(
        signatures.subarray(i * 64, i * 64 + 64),
        recovery,
        digests.subarray(i * 32, i * 32 + 32),
        false
      )
      keys.set(key.subarray(1), i * 64)
      ok[i] = 1
    } catch {
      // Left at 0: no key.
    }
  }
  return { keys, ok }
}
