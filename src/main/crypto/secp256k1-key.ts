import { randomBytes } from 'node:crypto'

/** The order n of secp256k1's group; a private key is an integer in [1, n-1]. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

/** `true` when `hex` (0x-prefixed, 32 bytes) is a valid secp256k1 private key. */
export function isSecp256k1PrivateKey(hex: string): boolean {
  if (!/^0x[0-9a-f]{64}$/i.test(hex)) return false
  const k = BigInt(hex)
  return k > 0n && k < SECP256K1_N
}

/**
 * A fresh secp256k1 private key as 0x-prefixed hex: 256 random bits,
 * redrawn in the (~2^-128) case that they fall outside [1, n-1]. Unlike
 * ethers' `Wallet.createRandom()`, whose key comes from a 128-bit mnemonic,
 * this keeps the full 256 bits of entropy and carries no mnemonic to leak.
 */
export function randomSecp256k1PrivateKey(): string {
  for (;;) {
    const hex = `0x${randomBytes(32).toString('hex')}`
    if (isSecp256k1PrivateKey(hex)) return hex
  }
}
