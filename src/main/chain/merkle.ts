import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { hexlify, type BytesLike } from 'ethers'

/** Leaf encoding of a record's outcome: (tid, EIP-712 digest, recovered signer, reason). */
export const LEAF_ENCODING = ['bytes16', 'bytes32', 'address', 'uint8']

/** One record's outcome, as anchored. */
export interface LeafOutcome {
  readonly tid: BytesLike
  readonly digest: string
  /** The recovered signer; the zero address for a malformed signature. */
  readonly signer: string
  readonly reason: number
}

/** A leaf's values in LEAF_ENCODING order. */
export function leafValues(o: LeafOutcome): [string, string, string, number] {
  return [hexlify(o.tid), o.digest, o.signer, o.reason]
}

/**
 * The batch's tree exactly as the contract builds it: StandardMerkleTree with the leaves in
 * submission order (sortLeaves false), so roots match and proofs verify with MerkleProof.sol.
 */
export function batchTree(
  outcomes: readonly LeafOutcome[]
): StandardMerkleTree<[string, string, string, number]> {
  return StandardMerkleTree.of(outcomes.map(leafValues), LEAF_ENCODING, { sortLeaves: false })
}

/** The leaf hash of one outcome (double keccak of its ABI encoding). */
export function leafHash(o: LeafOutcome): string {
  return StandardMerkleTree.of([leafValues(o)], LEAF_ENCODING).leafHash(leafValues(o))
}

/** `true` when `o` is in the tree with `root` by `proof` (off chain). */
export function verifyOutcome(root: string, o: LeafOutcome, proof: readonly string[]): boolean {
  return StandardMerkleTree.verify(root, LEAF_ENCODING, leafValues(o), [...proof])
}
