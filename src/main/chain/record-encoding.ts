import {
  Signature,
  TypedDataEncoder,
  concat,
  getBytes,
  hexlify,
  toBeHex,
  zeroPadValue,
  type BytesLike,
  type SigningKey,
  type TypedDataDomain
} from 'ethers'
import { assert } from '../../shared/errors'
import { packValues, type ChainValue } from '../../shared/rules'

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

function fixed(value: BytesLike, size: number, what: string): string {
  const bytes = getBytes(value)
  assert(bytes.length === size, `${what} must be ${size} bytes`, 'INVALID_ARGUMENT', {
    length: bytes.length
  })
  return hexlify(bytes)
}

function typedValue(record: ChainRecord): Record<string, unknown> {
  return {
    tid: fixed(record.tid, 16, 'tid'),
    templateId: record.templateId,
    templateVersion: record.templateVersion,
    seq: record.seq,
    values: hexlify(packValues(record.values)),
    patient: fixed(record.patient, 16, 'patient pseudonym'),
    commitment: fixed(record.commitment, 32, 'commitment')
  }
}

/** The EIP-712 digest of a record: what the clinician signs and what its leaf carries. */
export function recordDigest(domain: TypedDataDomain, record: ChainRecord): string {
  return TypedDataEncoder.hash(domain, RECORD_TYPES, typedValue(record))
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

/** The record packed as the contract reads it (RECORD_SIZE bytes, fixed offsets). */
export function encodeRecord(record: SignedRecord): Uint8Array {
  const v = typedValue(record)
  const signature = fixed(record.signature, 64, 'compact signature')
  return getBytes(
    concat([
      v['tid'] as string,
      zeroPadValue(toBeHex(record.templateId), 2),
      zeroPadValue(toBeHex(record.templateVersion), 2),
      zeroPadValue(toBeHex(record.seq), 4),
      v['values'] as string,
      v['patient'] as string,
      v['commitment'] as string,
      signature
    ])
  )
}

/** A batch's calldata: the packed records back to back. */
export function encodeBatch(records: readonly SignedRecord[]): string {
  return concat(records.map(encodeRecord))
}
