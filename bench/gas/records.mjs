// Packed, signed ledger records for the benchmark: the same layout as
// src/main/chain/record-encoding.ts (the bench is plain .mjs and cannot import TypeScript;
// the ledger rejecting a record with BAD_SIGNATURE or UNKNOWN_CLINICIAN would show a drift).
import { Signature, TypedDataEncoder, concat, randomBytes, toBeHex, zeroPadValue } from 'ethers'

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

/** Six int16, big-endian two's complement; null is absent (0x8000). */
export function packValues(values) {
  const out = new Uint8Array(12)
  for (let k = 0; k < 6; k++) {
    const v = values[k] ?? null
    const raw = v === null ? 0x8000 : v & 0xffff
    out[2 * k] = raw >> 8
    out[2 * k + 1] = raw & 0xff
  }
  return out
}

/** Signs and packs one record (148 bytes) for `domain`. */
export function signedRecord(wallet, domain, { templateId, templateVersion, seq, values }) {
  const record = {
    tid: randomBytes(16),
    templateId,
    templateVersion,
    seq,
    values: packValues(values),
    patient: randomBytes(16),
    commitment: randomBytes(32)
  }
  const digest = TypedDataEncoder.hash(domain, RECORD_TYPES, record)
  const sig = Signature.from(wallet.signingKey.sign(digest))
  return concat([
    record.tid,
    zeroPadValue(toBeHex(templateId), 2),
    zeroPadValue(toBeHex(templateVersion), 2),
    zeroPadValue(toBeHex(seq), 4),
    record.values,
    record.patient,
    record.commitment,
    sig.r,
    sig.yParityAndS
  ])
}
