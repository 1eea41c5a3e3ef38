import fc from 'fast-check'
import { hexlify, randomBytes, SigningKey } from 'ethers'
import { describe, expect, it } from 'vitest'
import { decodeBatch } from '../../../src/main/chain/decode-batch'
import {
  encodeBatch,
  ledgerDomain,
  recordDigest,
  signRecord,
  type ChainRecord
} from '../../../src/main/chain/record-encoding'
import { thrown } from '../../support/thrown'

const key = new SigningKey(hexlify(randomBytes(32)))
const domain = ledgerDomain(77001, `0x${'ab'.repeat(20)}`)
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => hexlify(b))
const record: fc.Arbitrary<ChainRecord> = fc.record({
  tid: bytes(16),
  templateId: fc.integer({ min: 0, max: 0xffff }),
  templateVersion: fc.integer({ min: 0, max: 0xffff }),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  values: fc.array(fc.option(fc.integer({ min: -0x7fff, max: 0x7fff }), { nil: null }), {
    minLength: 0,
    maxLength: 6
  }),
  patient: bytes(16),
  commitment: bytes(32)
})

describe('decodeBatch', () => {
  it('reads back from calldata exactly the records that were signed (same digests)', () => {
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (records) => {
        const signed = records.map((r) => signRecord(key, domain, r))
        const decoded = decodeBatch(encodeBatch(signed))
        expect(decoded).toHaveLength(signed.length)
        decoded.forEach((d, i) => {
          const original = signed[i]
          if (!original) throw new Error('missing')
          expect(recordDigest(domain, d)).toBe(recordDigest(domain, original))
          expect(d).toMatchObject({
            tid: original.tid,
            seq: original.seq,
            signature: original.signature,
            commitment: original.commitment
          })
          const padded = [...original.values, ...Array<null>(6 - original.values.length).fill(null)]
          expect(d.values).toEqual(padded)
        })
      }),
      { numRuns: 50 }
    )
  })

  it('refuses calldata that is not whole records', () => {
    expect(thrown(() => decodeBatch('0x1234'))).toMatchObject({ code: 'INVALID_ARGUMENT' })
    expect(thrown(() => decodeBatch('0x'))).toMatchObject({ code: 'INVALID_ARGUMENT' })
  })
})
