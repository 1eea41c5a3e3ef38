import type { AnchoredAt } from './problem-evidence'

const FINGERPRINT_BYTES = 32

/**
 * What the chain side of an audit keeps of each anchored tid, in one map and
 * flat arrays so that it stays a few dozen bytes a record besides the tid:
 * where and with what outcome the tid was anchored (one number), and the
 * fingerprint its cloud row must match (`AnchoredBatch.fingerprint`, 32 bytes), for
 * records anchored as accepted.
 */
export class AnchoredIndex {
  readonly #slots = new Map<string, number>()
  #outcomes = new Float64Array(1024)
  #fingerprints = Buffer.alloc(1024 * FINGERPRINT_BYTES)
  #hasFingerprint = new Uint8Array(1024)

  /** Anchored tids kept. */
  get size(): number {
    return this.#slots.size
  }

  /** Keeps `tid`'s anchor; a tid anchored twice keeps its first (the contract refuses the second as a replay). */
  add(tid: string, at: AnchoredAt, fingerprint: Uint8Array | null): void {
    if (this.#slots.has(tid)) return
    const slot = this.#slots.size
    if (slot === this.#outcomes.length) this.#grow()
    this.#slots.set(tid, slot)
    // Reason (8 bits), leaf index (10 bits: batches hold at most 1024), batch.
    this.#outcomes[slot] = (at.chainBatch * 1024 + at.leafIndex) * 256 + at.reason
    if (fingerprint) {
      this.#fingerprints.set(fingerprint.subarray(0, FINGERPRINT_BYTES), slot * FINGERPRINT_BYTES)
      this.#hasFingerprint[slot] = 1
    }
  }

  /** Where and with what outcome `tid` was anchored; undefined when no batch anchors it. */
  at(tid: string): AnchoredAt | undefined {
    const slot = this.#slots.get(tid)
    if (slot === undefined) return undefined
    const n = this.#outcomes[slot] ?? 0
    return {
      reason: n % 256,
      leafIndex: Math.floor(n / 256) % 1024,
      chainBatch: Math.floor(n / 262_144)
    }
  }

  /** The fingerprint `tid`'s row must match, for a record anchored as accepted. */
  fingerprint(tid: string): Buffer | undefined {
    const slot = this.#slots.get(tid)
    if (slot === undefined || this.#hasFingerprint[slot] !== 1) return undefined
    return this.#fingerprints.subarray(slot * FINGERPRINT_BYTES, (slot + 1) * FINGERPRINT_BYTES)
  }

  #grow(): void {
    const size = this.#outcomes.length * 2
    const outcomes = new Float64Array(size)
    outcomes.set(this.#outcomes)
    this.#outcomes = outcomes
    const fingerprints = Buffer.alloc(size * FINGERPRINT_BYTES)
    this.#fingerprints.copy(fingerprints)
    this.#fingerprints = fingerprints
    const has = new Uint8Array(size)
    has.set(this.#hasFingerprint)
    this.#hasFingerprint = has
  }
}
