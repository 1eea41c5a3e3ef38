import { TypedDataEncoder, getBytes, keccak256, toUtf8Bytes, type TypedDataDomain } from 'ethers'
import {
  encodeRecord,
  RECORD_SIZE,
  RECORD_TYPES,
  type SignedRecord
} from '../chain/record-encoding'
import { hexBytes } from '../chain/hex-bytes'
import { keccak256Bytes } from '../crypto/keccak'

/**
 * A batch as an audit reads it from the chain, kept as the bytes of its
 * calldata: the chain side of an audit goes through every record ever
 * anchored, and turning each into an object of hex strings (then parsing
 * that hex again to hash it) cost more than hashing it. The EIP-712 digests,
 * the leaves and the tree are made here from the packed records exactly as
 * the contract makes them from the same bytes; the rebuilt root must be the
 * one in contract state (the scan checks it), which holds this code to the
 * contract's.
 */

/** `keccak256("Record(bytes16 tid,…)")`. */
const RECORD_TYPE_HASH = getBytes(
  keccak256(toUtf8Bytes(TypedDataEncoder.from(RECORD_TYPES).encodeType('Record')))
)

/** Most proof nodes a fingerprint takes (a row's proof column holds at most 64). */
const MAX_PROOF = 64
/** Packed record, signer, batch (float64), proof length, proof nodes. */
const FINGERPRINT_INPUT = RECORD_SIZE + 20 + 8 + 1 + 32 * MAX_PROOF

/** The domain separator of `domain` (what ethers' `hashDomain` answers), as bytes. */
export function domainSeparatorOf(domain: TypedDataDomain): Uint8Array {
  return getBytes(TypedDataEncoder.hashDomain(domain))
}

/**
 * The EIP-712 digest of each packed record of `calldata` (32 bytes each):
 * the struct's eight words (the type hash, then tid, templateId,
 * templateVersion, seq, values, patient and commitment, each in its own
 * word), hashed, then `0x1901 ‖ separator ‖ that`, hashed. Equal to
 * `recordDigest` of the decoded record (a test holds it to that).
 */
export function batchDigests(separator: Uint8Array, calldata: Uint8Array): Uint8Array {
  const count = Math.floor(calldata.length / RECORD_SIZE)
  const out = new Uint8Array(count * 32)
  const words = new Uint8Array(8 * 32)
  words.set(RECORD_TYPE_HASH, 0)
  const message = new Uint8Array(2 + 32 + 32)
  message[0] = 0x19
  message[1] = 0x01
  message.set(separator, 2)
  for (let i = 0, p = 0; i < count; i++, p += RECORD_SIZE) {
    words.set(calldata.subarray(p, p + 16), 32)
    words.set(calldata.subarray(p + 16, p + 18), 94)
    words.set(calldata.subarray(p + 18, p + 20), 126)
    words.set(calldata.subarray(p + 20, p + 24), 156)
    words.set(calldata.subarray(p + 24, p + 36), 160)
    words.set(calldata.subarray(p + 36, p + 52), 192)
    words.set(calldata.subarray(p + 52, p + 84), 224)
    message.set(keccak256Bytes(words), 34)
    out.set(keccak256Bytes(message), i * 32)
  }
  return out
}

/** Lexicographic order of two 32-byte nodes (the order of their values as uint256). */
function compareNodes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < 32; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

/**
 * The batch's tree as the contract builds it (OpenZeppelin's
 * `StandardMerkleTree` with unsorted leaves: leaf i at index 2n-2-i,
 * sorted-pair keccak), each leaf `keccak256(keccak256(abi.encode(tid,
 * digest, signer, reason)))`; `signers` holds 20 bytes a record.
 */
export function batchNodes(
  calldata: Uint8Array,
  digests: Uint8Array,
  signers: Uint8Array,
  reasons: Uint8Array
): Uint8Array[] {
  const n = reasons.length
  const tree = new Array<Uint8Array>(2 * n - 1)
  const encoded = new Uint8Array(4 * 32)
  const pair = new Uint8Array(64)
  for (let i = 0; i < n; i++) {
    encoded.set(calldata.subarray(i * RECORD_SIZE, i * RECORD_SIZE + 16), 0)
    encoded.set(digests.subarray(i * 32, i * 32 + 32), 32)
    encoded.set(signers.subarray(i * 20, i * 20 + 20), 76)
    encoded[127] = reasons[i] ?? 0
    tree[2 * n - 2 - i] = keccak256Bytes(keccak256Bytes(encoded))
  }
  for (let i = n - 2; i >= 0; i--) {
    const a = tree[2 * i + 1] as Uint8Array
    const b = tree[2 * i + 2] as Uint8Array
    const [lo, hi] = compareNodes(a, b) <= 0 ? [a, b] : [b, a]
    pair.set(lo, 0)
    pair.set(hi, 32)
    tree[i] = keccak256Bytes(pair)
  }
  return tree
}

/** Writes the fingerprint's input after the packed record; answers its length, -1 if it cannot be. */
function fingerprintTail(
  input: Uint8Array,
  signer: Uint8Array,
  chainBatch: number,
  proof: readonly Uint8Array[]
): number {
  if (signer.length !== 20 || proof.length > MAX_PROOF) return -1
  if (!Number.isSafeInteger(chainBatch) || chainBatch < 0) return -1
  input.set(signer, RECORD_SIZE)
  new DataView(input.buffer, input.byteOffset).setFloat64(RECORD_SIZE + 20, chainBatch)
  input[RECORD_SIZE + 28] = proof.length
  let at = RECORD_SIZE + 29
  for (const node of proof) {
    if (node.length !== 32) return -1
    input.set(node, at)
    at += 32
  }
  return at
}

const scratch = new Uint8Array(FINGERPRINT_INPUT)
const hexScratch = Buffer.alloc(2 + 2 * 32)
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/**
 * One anchored record as the chain shows it, in 32 bytes: keccak256 of its
 * packed record as in calldata (tid to signature), the signer the contract
 * recovered, the batch, and the record's Merkle proof in that batch's tree.
 * The chain side makes it from the calldata, the signer it recovered and the
 * tree it rebuilt to the root in state; {@link rowFingerprint} makes it from
 * a cloud row. Equal, the row's signed record packs to the anchored bytes
 * (so its digest is the anchored one), its clinician is the recovered
 * signer, and its batch and proof are the anchored ones: its signature would
 * recover that clinician and its proof would lead to the root in state, so
 * it needs neither check of its own.
 */
function fingerprintOf(
  packed: Uint8Array,
  signer: Uint8Array,
  chainBatch: number,
  proof: readonly Uint8Array[]
): Uint8Array | null {
  scratch.set(packed, 0)
  const length = fingerprintTail(scratch, signer, chainBatch, proof)
  return length < 0 ? null : keccak256Bytes(scratch.subarray(0, length))
}

/**
 * {@link fingerprintOf} from a cloud row's own columns: its signed record
 * (packed as the handshaker packs it for calldata), clinician, batch and
 * proof. Null when any of them cannot be packed (such a row takes the full
 * checks, which name what is wrong).
 */
export function rowFingerprint(
  signed: SignedRecord,
  clinician: string,
  chainBatch: number,
  proof: readonly string[]
): Uint8Array | null {
  try {
    // The row's JSON may hold anything: a proof that is no array takes the full checks.
    const nodes: unknown = proof
    if (!Array.isArray(nodes)) return null
    return fingerprintOf(
      encodeRecord(signed),
      hexBytes(clinician),
      chainBatch,
      nodes.map((node: unknown) => hexBytes(node as string))
    )
  } catch {
    return null
  }
}

/** One batch read from the chain: its records' bytes, outcomes, signers and rebuilt tree. */
export class AnchoredBatch {
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  /** The batch's Merkle root, as the ledger holds it in state (and as rebuilt). */
  readonly root: string
  /** The contract's outcome of each record: 0 accepted, else its reason code. */
  readonly reasons: Uint8Array
  readonly #calldata: Uint8Array
  /** 20 bytes a record; zero where the signature is malformed. */
  readonly #signers: Uint8Array
  readonly #recovered: Uint8Array
  readonly #tree: Uint8Array[]

  constructor(
    at: { chainBatch: number; txHash: string; blockNumber: number; root: string },
    calldata: Uint8Array,
    reasons: Uint8Array,
    signers: Uint8Array,
    recovered: Uint8Array,
    tree: Uint8Array[]
  ) {
    this.chainBatch = at.chainBatch
    this.txHash = at.txHash
    this.blockNumber = at.blockNumber
    this.root = at.root
    this.reasons = reasons
    this.#calldata = calldata
    this.#signers = signers
    this.#recovered = recovered
    this.#tree = tree
  }

  /** Records in the batch. */
  get size(): number {
    return this.reasons.length
  }

  /** Record `i`'s tid, lower-case hex. */
  tid(i: number): string {
    return this.#hex(i * RECORD_SIZE, 16)
  }

  /** Record `i`'s patient pseudonym as signed (its first 16 bytes), lower-case hex. */
  patient(i: number): string {
    return this.#hex(i * RECORD_SIZE + 36, 16)
  }

  /** Record `i`'s proof in the rebuilt tree, as nodes. */
  proof(i: number): Uint8Array[] {
    const proof: Uint8Array[] = []
    for (let at = 2 * this.size - 2 - i; at > 0; at = Math.floor((at - 1) / 2)) {
      // The sibling of an odd index is the next one, of an even index the previous one.
      proof.push(this.#tree[at % 2 === 1 ? at + 1 : at - 1] as Uint8Array)
    }
    return proof
  }

  /**
   * The fingerprint record `i`'s cloud row must match, for a record
   * accepted with a signer recovered; null otherwise (its row, if any, takes
   * the full checks).
   */
  fingerprint(i: number): Uint8Array | null {
    if (this.reasons[i] !== 0 || this.#recovered[i] !== 1) return null
    return fingerprintOf(
      this.#calldata.subarray(i * RECORD_SIZE, (i + 1) * RECORD_SIZE),
      this.#signers.subarray(i * 20, i * 20 + 20),
      this.chainBatch,
      this.proof(i)
    )
  }

  /**
   * `0x` and the bytes' hex as one flat string: `0x${hex}` would be a
   * concatenation that V8 keeps as two strings once it is a map key, some
   * 30 bytes more for every tid an audit keeps.
   */
  #hex(from: number, size: number): string {
    const out = size <= 32 ? hexScratch : Buffer.alloc(2 + 2 * size)
    out[0] = 0x30
    out[1] = 0x78
    for (let i = 0; i < size; i++) {
      const byte = this.#calldata[from + i] ?? 0
      out[2 + 2 * i] = HEX_DIGITS[byte >> 4] ?? 0
      out[3 + 2 * i] = HEX_DIGITS[byte & 0x0f] ?? 0
    }
    return out.toString('latin1', 0, 2 + 2 * size)
  }
}
