import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import {
  isSecp256k1PrivateKey,
  randomSecp256k1PrivateKey
} from '../../../src/main/crypto/secp256k1-key'

const N = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141'

describe('secp256k1 private keys', () => {
  it('generates distinct keys that ethers accepts', () => {
    const keys = Array.from({ length: 20 }, () => randomSecp256k1PrivateKey())
    expect(new Set(keys).size).toBe(keys.length)
    for (const key of keys) {
      expect(isSecp256k1PrivateKey(key)).toBe(true)
      expect(new Wallet(key).privateKey).toBe(key)
    }
  })

  it('accepts exactly the range [1, n-1]', () => {
    expect(isSecp256k1PrivateKey(`0x${'0'.repeat(64)}`)).toBe(false)
    expect(isSecp256k1PrivateKey(`0x${'0'.repeat(63)}1`)).toBe(true)
    expect(isSecp256k1PrivateKey(`0x${N}`)).toBe(false)
    expect(isSecp256k1PrivateKey(`0x${N.slice(0, -1)}0`)).toBe(true)
    expect(isSecp256k1PrivateKey(`0x${'f'.repeat(64)}`)).toBe(false)
    expect(isSecp256k1PrivateKey('0x1234')).toBe(false)
    expect(isSecp256k1PrivateKey('1'.repeat(64))).toBe(false)
  })
})
