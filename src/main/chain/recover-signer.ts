import { getAddress, getBytes, keccak256, Signature } from 'ethers'
import secp256k1 from 'secp256k1'

/**
 * The address whose key made `signature` over the 32-byte `digest`: what
 * ethers' `recoverAddress` answers, from libsecp256k1 (the `secp256k1`
 * package's N-API binding, prebuilt in the package for Linux, macOS and
 * Windows; it falls back to pure JavaScript where the binding cannot load).
 * About 30 times faster than ethers' pure-JavaScript recovery, which an
 * audit pays for every record it reads from the chain. Throws on a
 * malformed signature, as ethers does.
 */
export function recoverSigner(digest: string, signature: string): string {
  const sig = Signature.from(signature)
  const compact = getBytes(`${sig.r}${sig.s.slice(2)}`)
  const publicKey = secp256k1.ecdsaRecover(compact, sig.yParity, getBytes(digest), false)
  return getAddress(`0x${keccak256(publicKey.subarray(1)).slice(-40)}`)
}
