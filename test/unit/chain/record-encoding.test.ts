import fc from 'fast-check'
import {
  Signature,
  TypedDataEncoder,
  Wallet,
  hexlify,
  recoverAddress,
  solidityPacked
} from 'ethers'
import { describe, expect, it } from 'vitest'
import {
  RECORD_SIZE,
  RECORD_TYPES,
  encodeBatch,
  encodeRecord,
  ledgerDomain,
  recordDigest,
  signRecord,
  type ChainRecord,
  type SignedRecord
} from '../../../src/main/chain/record-encoding'
import { INT16_MAX, INT16_MIN, MAX_CHAIN_RULES, packValues } from '../../../src/shared/rules'

const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => hexlify(b))

const chainRecord: fc.Arbitrary<ChainRecord> = fc.record({
  tid: bytes(16),
  templateId: fc.integer({ min: 0, max: 0xffff }),
  templateVersion: fc.integer({ min: 0, max: 0xffff }),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  values: fc.array(fc.option(fc.integer({ min: INT16_MIN, max: INT16_MAX })), {
    maxLength: MAX_CHAIN_RULES
  }),
  patient: bytes(16),
  commitment: bytes(32)
})

const domain = fc
  .record({ chainId: fc.integer({ min: 1, max: 2 ** 40 }), address: bytes(20) })
  .map(({ chainId, address }) => ledgerDomain(chainId, address))

/** The record as ethers' generic EIP-712 encoder takes it. */
function typed(record: ChainRecord): Record<string, unknown> {
  return { ...record, values: hexlify(packValues(record.values)) }
}

describe('record encoding', () => {
  it('hashes a record exactly as the generic EIP-712 encoder does', () => {
    fc.assert(
      fc.property(domain, chainRecord, (d, record) => {
        expect(recordDigest(d, record)).toBe(TypedDataEncoder.hash(d, RECORD_TYPES, typed(record)))
      }),
      { numRuns: 300 }
    )
  })

  it('packs a record as abi.encodePacked of its fields, and a batch back to back', () => {
    const signed = fc
      .tuple(chainRecord, bytes(64))
      .map(([r, signature]): SignedRecord => ({ ...r, signature }))
    fc.assert(
      fc.property(fc.array(signed, { minLength: 1, maxLength: 5 }), (records) => {
        const packed = records.map((r) =>
          solidityPacked(
            ['bytes16', 'uint16', 'uint16', 'uint32', 'bytes12', 'bytes16', 'bytes32', 'bytes'],
            [
              r.tid,
              r.templateId,
              r.templateVersion,
              r.seq,
              packValues(r.values),
              r.patient,
              r.commitment,
              r.signature
            ]
          )
        )
        expect(records.map((r) => hexlify(encodeRecord(r)))).toEqual(packed)
        expect(encodeBatch(records)).toBe(`0x${packed.map((p) => p.slice(2)).join('')}`)
        expect(encodeRecord(records[0] as SignedRecord)).toHaveLength(RECORD_SIZE)
      })
    )
  })

  it('signs the EIP-712 digest with the clinician key, in compact form', () => {
    const wallet = Wallet.createRandom()
    const d = ledgerDomain(77_001, wallet.address)
    const [record] = fc.sample(chainRecord, 1) as [ChainRecord]
    const signed = signRecord(wallet.signingKey, d, record)
    expect(signed.signature).toMatch(/^0x[0-9a-f]{128}$/)
    const digest = TypedDataEncoder.hash(d, RECORD_TYPES, typed(record))
    expect(recoverAddress(digest, Signature.from(signed.signature))).toBe(wallet.address)
  })

  it('refuses fields that do not fit their types', () => {
    const [base] = fc.sample(chainRecord, 1) as [ChainRecord]
    const d = ledgerDomain(1, `0x${'ab'.repeat(20)}`)
    for (const bad of [
      { templateId: 0x10000 },
      { templateVersion: -1 },
      { seq: 1.5 },
      { seq: 2 ** 32 },
      { tid: `0x${'11'.repeat(15)}` },
      { patient: `0x${'11'.repeat(17)}` },
      { commitment: '0x' }
    ]) {
      expect(() => recordDigest(d, { ...base, ...bad }), JSON.stringify(bad)).toThrow()
      expect(() => encodeRecord({ ...base, ...bad, signature: `0x${'00'.repeat(64)}` })).toThrow()
    }
    expect(() => encodeRecord({ ...base, signature: `0x${'00'.repeat(65)}` })).toThrow()
  })
})
