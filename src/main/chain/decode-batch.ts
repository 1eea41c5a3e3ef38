import { hexlify, type BytesLike } from 'ethers'
import { makeError } from '../../shared/errors'
import { ABSENT, MAX_CHAIN_RULES, type ChainValue } from '../../shared/rules'
import { hexBytes } from './hex-bytes'
import { RECORD_SIZE, type SignedRecord } from './record-encoding'

const uint = (bytes: Uint8Array, from: number, size: number): number => {
  let value = 0
  for (let i = 0; i < size; i++) value = value * 256 + (bytes[from + i] ?? 0)
  return value
}

/**
 * The records of a batch read back from its calldata (the inverse of
 * `encodeBatch`): what the contract saw, whatever any store says. The
 * auditor enumerates every anchored record this way, so a record deleted
 * from the cloud and from every workstation is still found.
 */
export function decodeBatch(calldata: BytesLike): SignedRecord[] {
  const bytes = hexBytes(calldata)
  if (bytes.length === 0 || bytes.length % RECORD_SIZE !== 0) {
    throw makeError(
      `a batch is a whole number of ${RECORD_SIZE}-byte records, not ${bytes.length} bytes`,
      'INVALID_ARGUMENT'
    )
  }
  const records: SignedRecord[] = []
  for (let p = 0; p < bytes.length; p += RECORD_SIZE) {
    const values: ChainValue[] = []
    for (let k = 0; k < MAX_CHAIN_RULES; k++) {
      const raw = uint(bytes, p + 24 + 2 * k, 2)
      const signed = raw >= 0x8000 ? raw - 0x10000 : raw
      values.push(signed === ABSENT ? null : signed)
    }
    records.push({
      tid: hexlify(bytes.subarray(p, p + 16)),
      templateId: uint(bytes, p + 16, 2),
      templateVersion: uint(bytes, p + 18, 2),
      seq: uint(bytes, p + 20, 4),
      values,
      patient: hexlify(bytes.subarray(p + 36, p + 52)),
      commitment: hexlify(bytes.subarray(p + 52, p + 84)),
      signature: hexlify(bytes.subarray(p + 84, p + 148))
    })
  }
  return records
}
