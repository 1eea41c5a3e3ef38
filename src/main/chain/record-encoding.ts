import {
  Signature,
  TypedDataEncoder,
  getBytes,
  hexlify,
  keccak256,
  toUtf8Bytes,
  type BytesLike,
  type SigningKey,
  type TypedDataDomain
} from 'ethers'
import { assert } from '../../shared/errors'
import { packValues, type ChainValue } from '../../shared/rules'
import { keccak256Bytes, keccak256Hex } from '../crypto/keccak'
import { hexBytes } from './hex-bytes'

/** Name and version of the ledger's EIP-712 domain (its constructor sets them). */
export const LEDGER_DOMAIN_NAME = 'MediBlockLedger'
export const LEDGER_DOMAIN_VERSION = '1'

/** Bytes of one packed record in a batch (the contract's RECORD_SIZE). */
export const RECORD_SIZE = 148

/** The EIP-712 types a clinician signs. */
export const RECORD_TYPES = {
  Record: [
    { name: 'tid', type: 'bytes16' },
    { name: 'templateId', type: 'uint16' },
    { name: 'templateVersion', type: 'uint16' },
    { name: 'seq', type: 'uint32' },
    { name: 'values', type: 'bytes12' },
    { name: 'patient', type: 'bytes16' },
    { name: 'commitment', type: 'bytes32' }
  ]
}

/** What a clinician signs for one record (T_C without the signature). */
export interface ChainRecord {
  /** The record's id, 16 bytes (a UUID's bytes). */
  readonly tid: BytesLike
  readonly templateId: number
  readonly templateVersion: number
  /** The clinician's sequence number (see docs/LEDGER.md, replay protection). */
  readonly seq: number
  /** The r validated values, scaled; null is absent. */
  readonly values: readonly ChainValue[]
  /** The patient's pseudonym: HMAC-SHA256 under the clinic secret, first 16 bytes. */
  readonly patient: BytesLike
  /** keccak256 of the salted canonical full record. */
  readonly commitment: BytesLike
}

/** A record with the clinician's compact (EIP-2098) signature. */
export interface SignedRecord extends ChainRecord {
  readonly signature: string
}

/** The ledger's EIP-712 domain on `chainId` at `address`. */
export function ledgerDomain(chainId: bigint | number, address: string): TypedDataDomain {
  return {
    name: LEDGER_DOMAIN_NAME,
    version: LEDGER_DOMAIN_VERSION,
    chainId,
    verifyingContract: address
  }
}

function fixed(value: BytesLike, size: number, what: string): Uint8Array {
  const bytes = hexBytes(value)
  assert(bytes.length === size, `${what} must be ${size} bytes`, 'INVALID_ARGUMENT', {
    length: bytes.length
  })
  return bytes
}

/** Writes an unsigned integer of `bytes` bytes, big-endian, ending at `end`. */
function putUint(out: Uint8Array, end: number, value: number, bytes: number, what: string): void {
  assert(
    Number.isSafeInteger(value) && value >= 0 && value < 2 ** (8 * bytes),
    `${what} must be a uint${8 * bytes}`,
    'INVALID_ARGUMENT',
    { value }
  )
  for (let i = 1, v = value; i <= bytes; i++, v = Math.floor(v / 256)) out[end - i] = v % 256
}

/** `keccak256("Record(bytes16 tid,…)")`, from the same types ethers would hash. */
const RECORD_TYPE_HASH = getBytes(
  keccak256(toUtf8Bytes(TypedDataEncoder.from(RECORD_TYPES).encodeType('Record')))
)

/** Domain separators by domain: a handful per process, each hashed once. */
const domainSeparators = new Map<string, Uint8Array>()

function domainSeparator(domain: TypedDataDomain): Uint8Array {
  const key = [domain.name, domain.version, domain.chainId, domain.verifyingContract, domain.salt]
    .map((v) => (v === undefined || v === null ? '' : String(v)))
    .join('|')
  let separator = domainSeparators.get(key)
  if (!separator) {
    separator = getBytes(TypedDataEncoder.hashDomain(domain))
    domainSeparators.set(key, separator)
  }
  return separator
}

/**
 * The record's EIP-712 `hashStruct` input: the type hash, then the seven fields,
 * each one 32-byte word (every field is a fixed-size type: bytesN left-aligned,
 * uintN right-aligned). Written by hand because ethers' generic encoder costs
 * seven times as much (270 against 37 µs), and the handshaker hashes every
 * record of every batch.
 */
function structWords(record: ChainRecord): Uint8Array {
  const out = new Uint8Array(8 * 32)
  out.set(RECORD_TYPE_HASH, 0)
  out.set(fixed(record.tid, 16, 'tid'), 32)
  putUint(out, 96, record.templateId, 2, 'templateId')
  putUint(out, 128, record.templateVersion, 2, 'templateVersion')
  putUint(out, 160, record.seq, 4, 'seq')
  out.set(packValues(record.values), 160)
  out.set(fixed(record.patient, 16, 'patient pseudonym'), 192)
  out.set(fixed(record.commitment, 32, 'commitment'), 224)
  return out
}

/**
 * The EIP-712 digest of a record: what the clinician signs and what its leaf carries.
 * Equal to `TypedDataEncoder.hash(domain, RECORD_TYPES, record)` (a test holds it to that).
 */
export function recordDigest(domain: TypedDataDomain, record: ChainRecord): string {
  const message = new Uint8Array(2 + 32 + 32)
  message[0] = 0x19
  message[1] = 0x01
  message.set(domainSeparator(domain), 2)
  message.set(keccak256Bytes(structWords(record)), 34)
  return keccak256Hex(message)
}

/** Signs a record with a clinician's key; answers the record with its compact signature. */
export function signRecord(
  key: SigningKey,
  domain: TypedDataDomain,
  record: ChainRecord
): SignedRecord {
  const signature = Signature.from(key.sign(recordDigest(domain, record))).compactSerialized
  return { ...record, signature }
}

/** Writes the record packed as the contract reads it at `offset` (RECORD_SIZE bytes). */
function packRecord(out: Uint8Array, offset: number, record: SignedRecord): void {
  out.set(fixed(record.tid, 16, 'tid'), offset)
  putUint(out, offset + 18, record.templateId, 2, 'templateId')
  putUint(out, offset + 20, record.templateVersion, 2, 'templateVersion')
  putUint(out, offset + 24, record.seq, 4, 'seq')
  out.set(packValues(record.values), offset + 24)
  out.set(fixed(record.patient, 16, 'patient pseudonym'), offset + 36)
  out.set(fixed(record.commitment, 32, 'commitment'), offset + 52)
  out.set(fixed(record.signature, 64, 'compact signature'), offset + 84)
}

/** The record packed as the contract reads it (RECORD_SIZE bytes, fixed offsets). */
export function encodeRecord(record: SignedRecord): Uint8Array {
  const out = new Uint8Array(RECORD_SIZE)
  packRecord(out, 0, record)
  return out
}

/** A batch's calldata: the packed records back to back. */
export function encodeBatch(records: readonly SignedRecord[]): string {
  const out = new Uint8Array(RECORD_SIZE * records.length)
  records.forEach((record, i) => packRecord(out, i * RECORD_SIZE, record))
  return hexlify(out)
}
