import fc from 'fast-check'
import { computeAddress, recoverAddress, Signature, SigningKey } from 'ethers'
import { describe, expect, it } from 'vitest'
import { recoverSigner } from '../../../src/main/chain/recover-signer'

const hex32 = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((b) => `0x${Buffer.from(b).toString('hex')}`)
/** A valid secp256k1 private key (non-zero, below the group order, which random 32 bytes all but always are). */
const privateKey = hex32.filter(
  (k) => /[1-9a-f]/.test(k.slice(2)) && !k.startsWith('0xffffffffffffffffffffffffffffffff')
)

describe('recoverSigner (libsecp256k1)', () => {
  it('answers what ethers recoverAddress answers, for 65-byte and compact signatures', () => {
    fc.assert(
      fc.property(privateKey, hex32, (key, digest) => {
        const signature = new SigningKey(key).sign(digest)
        const expected = recoverAddress(digest, signature)
        expect(recoverSigner(digest, signature.serialized)).toBe(expected)
        expect(recoverSigner(digest, signature.compactSerialized)).toBe(expected)
      }),
      { numRuns: 200 }
    )
  })

  it('answers another address for another digest, and throws on a malformed signature as ethers does', () => {
    fc.assert(
      fc.property(privateKey, hex32, hex32, (key, digest, other) => {
        fc.pre(digest !== other)
        const signature = new SigningKey(key).sign(digest).serialized
        expect(recoverSigner(other, signature)).toBe(recoverAddress(other, signature))
        expect(recoverSigner(other, signature)).not.toBe(computeAddress(key))
      }),
      { numRuns: 100 }
    )
    const digest = `0x${'11'.repeat(32)}`
    for (const bad of ['0x', `0x${'00'.repeat(65)}`, `0x${'ab'.repeat(10)}`]) {
      expect(() => recoverAddress(digest, Signature.from(bad))).toThrow()
      expect(() => recoverSigner(digest, bad)).toThrow()
    }
  })
})
