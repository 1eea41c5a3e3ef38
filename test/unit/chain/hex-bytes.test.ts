import fc from 'fast-check'
import { getBytes, hexlify } from 'ethers'
import { describe, expect, it } from 'vitest'
import { hexBytes } from '../../../src/main/chain/hex-bytes'

describe('hexBytes', () => {
  it('answers what ethers getBytes answers, for hex in either case and for bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (bytes, upper) => {
        const hex = hexlify(bytes)
        const text = upper ? `0x${hex.slice(2).toUpperCase()}` : hex
        expect(hexBytes(text)).toEqual(getBytes(text))
        expect(hexBytes(bytes)).toBe(bytes)
      }),
      { numRuns: 300 }
    )
  })

  it('throws on what is not hex bytes, as ethers does', () => {
    for (const bad of ['', '0', '0x0', 'ab12', '0xzz', '0x12g4', '0x١٢', ' 0x12', '0x12 ']) {
      expect(() => getBytes(bad)).toThrow()
      expect(() => hexBytes(bad, 'field')).toThrow(/invalid BytesLike value/)
    }
    // ethers takes an upper-case prefix too.
    expect(hexBytes('0X12')).toEqual(getBytes('0X12'))
  })
})
