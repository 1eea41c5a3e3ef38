import fc from 'fast-check'
import { getBytes, keccak256 } from 'ethers'
import { describe, expect, it, vi } from 'vitest'
import { keccak256Bytes, keccak256Hex, keccakReady } from '../../../src/main/crypto/keccak'

describe('keccak256 (WebAssembly)', () => {
  it('answers what ethers keccak256 answers, for any bytes, as bytes and as hex', async () => {
    await keccakReady
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 700 }), (data) => {
        const expected = keccak256(data)
        expect(keccak256Hex(data)).toBe(expected)
        expect(keccak256Bytes(data)).toEqual(getBytes(expected))
      }),
      { numRuns: 500 }
    )
    // Block boundaries of the sponge (136 bytes a block), and an empty input.
    for (const length of [0, 135, 136, 137, 272, 1 << 16]) {
      const data = new Uint8Array(length).fill(0xa5)
      expect(keccak256Hex(data)).toBe(keccak256(data))
    }
  })

  it('answers each call on its own: a digest is not overwritten by the next call', async () => {
    await keccakReady
    const first = keccak256Bytes(new Uint8Array([1]))
    const copy = Uint8Array.from(first)
    keccak256Bytes(new Uint8Array([2]))
    expect(first).toEqual(copy)
  })

  it('hashes with ethers where WebAssembly cannot be had', async () => {
    vi.resetModules()
    vi.doMock('hash-wasm', () => ({
      createKeccak: () => Promise.reject(new Error('no WebAssembly here'))
    }))
    try {
      const fallback = await import('../../../src/main/crypto/keccak')
      await expect(fallback.keccakReady).resolves.toBeUndefined()
      const data = new Uint8Array([0xde, 0xad, 0xbe, 0xef])
      expect(fallback.keccak256Hex(data)).toBe(keccak256(data))
      expect(fallback.keccak256Bytes(data)).toEqual(getBytes(keccak256(data)))
    } finally {
      vi.doUnmock('hash-wasm')
      vi.resetModules()
    }
  })
})
