import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import { hexlify, type BytesLike } from 'ethers'
import { assert } from '../../shared/errors'
import { keccak256Bytes } from '../crypto/keccak'
import { hexBytes } from './hex-bytes'

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

/** A batch's Merkle tree: its root and each record's proof, by position in the batch. */
export interface BatchTree {
  readonly root: string
  getProof(index: number): string[]
}

/** A leaf's values in LEAF_ENCODING order. */
export function leafValues(o: LeafOutcome): [string, string, string, number] {
  return [hexlify(o.tid), o.digest, o.signer, o.reason]
}

function sized(value: BytesLike, size: number, what: string): Uint8Array {
  const bytes = hexBytes(value)
  assert(bytes.length === size, `${what} must be ${size} bytes`, 'INVALID_ARGUMENT')
  return bytes
}

/**
 * `keccak256(keccak256(abi.encode(tid, digest, signer, reason)))` as bytes: every
 * type is static, so the encoding is four words (bytes16 left-aligned, address
 * and uint8 right-aligned).
 */
function leafBytes(o: LeafOutcome): Uint8Array {
  assert(
    Number.isInteger(o.reason) && o.reason >= 0 && o.reason <= 255,
    'a reason is a uint8',
    'INVALID_ARGUMENT'
  )
  const encoded = new Uint8Array(4 * 32)
  encoded.set(sized(o.tid, 16, 'tid'), 0)
  encoded.set(sized(o.digest, 32, 'digest'), 32)
  encoded.set(sized(o.signer, 20, 'signer'), 64 + 12)
  encoded[127] = o.reason
  return keccak256Bytes(keccak256Bytes(encoded))
}

/** A node as 0x hex, through Node's encoder (ethers' `hexlify` loops in JavaScript). */
const hex = (node: Uint8Array): string =>
  `0x${Buffer.from(node.buffer, node.byteOffset, node.byteLength).toString('hex')}`

/** Lexicographic order of two 32-byte nodes (the order of their values as uint256). */
function compareNodes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/** OpenZeppelin's node hash: keccak256 of the sorted pair. */
function nodeHash(a: Uint8Array, b: Uint8Array): Uint8Array {
  const pair = new Uint8Array(64)
  const [lo, hi] = compareNodes(a, b) <= 0 ? [a, b] : [b, a]
  pair.set(lo, 0)
  pair.set(hi, 32)
  return keccak256Bytes(pair)
}

/**
 * The batch's tree exactly as the contract builds it, which is exactly
 * OpenZeppelin's `StandardMerkleTree.of(leaves, LEAF_ENCODING, { sortLeaves: false })`
 * (leaf i at index 2n-2-i of the array, sorted-pair hashing), so roots match and
 * proofs verify with MerkleProof.sol. Built here on bytes rather than with the
 * library, whose generic ABI encoder and hex round trips cost the handshaker a
 * tenth of a core at 250 records a second; a test holds the two to the same
 * roots and proofs.
 */
export function batchTree(outcomes: readonly LeafOutcome[]): BatchTree {
  const n = outcomes.length
  assert(n > 0, 'a batch has at least one record', 'INVALID_ARGUMENT')
  const tree = new Array<Uint8Array>(2 * n - 1)
  outcomes.forEach((o, i) => (tree[tree.length - 1 - i] = leafBytes(o)))
  for (let i = tree.length - 1 - n; i >= 0; i--) {
    tree[i] = nodeHash(tree[2 * i + 1] as Uint8Array, tree[2 * i + 2] as Uint8Array)
  }
  return {
    root: hex(tree[0] as Uint8Array),
    getProof(index) {
      assert(Number.isInteger(index) && index >= 0 && index < n, 'no such leaf', 'INVALID_ARGUMENT')
      const proof: string[] = []
      for (let at = tree.length - 1 - index; at > 0; at = Math.floor((at - 1) / 2)) {
        // The sibling of an odd index is the next one, of an even index the previous one.
        proof.push(hex(tree[at % 2 === 1 ? at + 1 : at - 1] as Uint8Array))
      }
      return proof
    }
  }
}

/** The leaf hash of one outcome (double keccak of its ABI encoding). */
export function leafHash(o: LeafOutcome): string {
  return hexlify(leafBytes(o))
}

/**
 * `true` when `o` is in the tree with `root` by `proof` (off chain). Checked with
 * OpenZeppelin's library rather than this file's tree code, so that a verifier
 * does not share the producer's implementation.
 */
export function verifyOutcome(root: string, o: LeafOutcome, proof: readonly string[]): boolean {
  return StandardMerkleTree.verify(root, LEAF_ENCODING, leafValues(o), [...proof])
}
