import { randomBytes } from 'node:crypto'
import { hexlify, Signature, SigningKey, ZeroAddress } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recoverSigner } from '../../../src/main/chain/recover-signer'
import { SignerPool, type SignedDigest } from '../../../src/main/chain/signer-pool'

/** What the chain side answered before the pool: the signer, or zero where recovery throws. */
function signerOrZero({ digest, signature }: SignedDigest): string {
  try {
    return recoverSigner(digest, signature)
  } catch {
    return ZeroAddress
  }
}

/** Signed digests by a few keys, compact and 65-byte, with malformed ones among them. */
function items(count: number): SignedDigest[] {
  const keys = Array.from({ length: 3 }, () => new SigningKey(hexlify(randomBytes(32))))
  return Array.from({ length: count }, (_, i) => {
    const digest = hexlify(randomBytes(32))
    const signature = (keys[i % 3] as SigningKey).sign(digest)
    switch (i % 11) {
      case 3:
        return { digest, signature: signature.serialized }
      case 5:
        // r = 0: libsecp256k1 refuses it.
        return { digest, signature: `0x${'00'.repeat(32)}${signature.compactSerialized.slice(66)}` }
      case 7:
        return { digest, signature: '0x1234' }
      case 9:
        return { digest: '0xabcd', signature: signature.compactSerialized }
      case 10: {
        // Another digest's signature: recovers, to someone else.
        const other = Signature.from(keys[0]?.sign(hexlify(randomBytes(32))))
        return { digest, signature: other.compactSerialized }
      }
      default:
        return { digest, signature: signature.compactSerialized }
    }
  })
}

describe('SignerPool', () => {
  let pool: SignerPool
  beforeAll(async () => {
    pool = await SignerPool.open(2)
  })
  afterAll(() => pool?.close())

  it('recovers on worker threads exactly what recoverSigner answers, zero where it throws', async () => {
    expect(pool.threads).toBe(2)
    const batch = items(300)
    const expected = batch.map(signerOrZero)
    expect(expected.filter((s) => s === ZeroAddress).length).toBeGreaterThan(50)
    expect(await pool.recover(batch)).toEqual(expected)
    // Batches in flight together each get their own answers.
    const more = [items(257), items(64), items(3)]
    const answers = await Promise.all(more.map((b) => pool.recover(b)))
    answers.forEach((answer, i) => expect(answer).toEqual(more[i]?.map(signerOrZero)))
    // Each batch is split between the workers: both recover.
    const [first, second] = pool.jobsPerThread
    expect(first).toBeGreaterThanOrEqual(3)
    expect(second).toBeGreaterThanOrEqual(3)
  })

  it('recovers in the calling thread on one core, with the same answers', async () => {
    const single = await SignerPool.open(1)
    try {
      expect(single.threads).toBe(0)
      const batch = items(40)
      expect(await single.recover(batch)).toEqual(batch.map(signerOrZero))
    } finally {
      await single.close()
    }
  })
})
