import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { getAddress, hexlify } from 'ethers'
import { describe, expect, it } from 'vitest'
import {
  LEAF_ENCODING,
  batchTree,
  leafHash,
  leafValues,
  verifyOutcome,
  type LeafOutcome
} from '../../../src/main/chain/merkle'

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => hexlify(b))

const outcome: fc.Arbitrary<LeafOutcome> = fc.record({
  tid: bytes(16),
  digest: bytes(32),
  signer: bytes(20).map((a) => getAddress(a)),
  reason: fc.integer({ min: 0, max: 255 })
})

/** The reference: OpenZeppelin's tree, as the contract builds it (leaves in submission order). */
const reference = (outcomes: LeafOutcome[]) =>
  StandardMerkleTree.of(outcomes.map(leafValues), LEAF_ENCODING, { sortLeaves: false })

describe('batch Merkle tree', () => {
  it("has OpenZeppelin's root, leaves and proofs for any batch", () => {
    fc.assert(
      fc.property(fc.array(outcome, { minLength: 1, maxLength: 70 }), (outcomes) => {
        const ours = batchTree(outcomes)
        const theirs = reference(outcomes)
        expect(ours.root).toBe(theirs.root)
        outcomes.forEach((o, i) => {
          expect(ours.getProof(i)).toEqual(theirs.getProof(i))
          expect(leafHash(o)).toBe(theirs.leafHash(leafValues(o)))
          expect(verifyOutcome(ours.root, o, ours.getProof(i))).toBe(true)
        })
      }),
      { numRuns: 60 }
    )
  })

  it('matches at the batch sizes the handshaker sends', () => {
    for (const n of [1, 2, 3, 16, 64, 255, 256]) {
      const outcomes = fc.sample(outcome, n)
      expect(batchTree(outcomes).root, `${n} leaves`).toBe(reference(outcomes).root)
    }
  })

  it('does not prove an outcome that differs in any field', () => {
    const outcomes = fc.sample(outcome, 5)
    const tree = batchTree(outcomes)
    const o = outcomes[2] as LeafOutcome
    const proof = tree.getProof(2)
    for (const forged of [
      { ...o, reason: (o.reason + 1) % 256 },
      { ...o, signer: getAddress(hexlify(new Uint8Array(20).fill(7))) },
      { ...o, digest: hexlify(new Uint8Array(32).fill(9)) }
    ]) {
      expect(verifyOutcome(tree.root, forged, proof)).toBe(false)
    }
  })

  it('refuses an empty batch, a leaf index out of range and a reason that is not a uint8', () => {
    expect(() => batchTree([])).toThrow()
    expect(() => batchTree(fc.sample(outcome, 3)).getProof(3)).toThrow()
    expect(() =>
      batchTree([{ ...(fc.sample(outcome, 1)[0] as LeafOutcome), reason: 256 }])
    ).toThrow()
  })
})
