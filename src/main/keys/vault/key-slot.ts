import { randomBytes } from 'node:crypto'
import { makeError } from '../../../shared/errors'
import { openAesGcm, sealAesGcm } from '../../crypto/aes-gcm'
import { deriveScrypt, type ScryptParams } from '../../crypto/scrypt-kdf'
import type { KeySlot } from './vault-format'

const SALT_BYTES = 16

/**
 * What a slot's wrapped key is bound to: the vault and the user. A slot
 * copied into another vault, or onto another user, fails to open.
 */
const slotAad = (vaultId: string, username: string) =>
  `mediblock-vault:v1:slot:${vaultId}:${username}`

/** The message for any failed unlock: the same whether the user or the password is wrong. */
export const WRONG_CREDENTIALS = 'wrong username or password'

/** Wraps `vaultKey` for `username` under a key derived from `password`. */
export async function createKeySlot(
  vaultKey: Buffer,
  vaultId: string,
  username: string,
  password: string,
  params: ScryptParams
): Promise<KeySlot> {
  const salt = randomBytes(SALT_BYTES)
  const kek = await deriveScrypt(password, salt, params)
  try {
    const { nonce, ciphertext, tag } = sealAesGcm(kek, vaultKey, slotAad(vaultId, username))
    return {
      username,
      kdf: { name: 'scrypt', N: params.N, r: params.r, p: params.p, dkLen: 32, salt: b64(salt) },
      cipher: 'aes-256-gcm',
      nonce: b64(nonce),
      wrappedKey: b64(ciphertext),
      tag: b64(tag),
      createdAt: new Date().toISOString()
    }
  } finally {
    kek.fill(0)
  }
}

/**
 * The vault key from `slot`, or `UNAUTHENTICATED`. A wrong password and an
 * altered slot are indistinguishable by design (both fail the GCM tag).
 */
export async function openKeySlot(
  slot: KeySlot,
  vaultId: string,
  password: string
): Promise<Buffer> {
  const { N, r, p } = slot.kdf
  const kek = await deriveScrypt(password, Buffer.from(slot.kdf.salt, 'base64'), { N, r, p })
  try {
    return openAesGcm(
      kek,
      {
        nonce: Buffer.from(slot.nonce, 'base64'),
        ciphertext: Buffer.from(slot.wrappedKey, 'base64'),
        tag: Buffer.from(slot.tag, 'base64')
      },
      slotAad(vaultId, slot.username),
      'key slot'
    )
  } catch (cause) {
    throw makeError(WRONG_CREDENTIALS, 'UNAUTHENTICATED', undefined, cause)
  } finally {
    kek.fill(0)
  }
}

/**
 * Spends the time an unlock would, then fails like a wrong password: an
 * unknown username must not answer faster than a known one.
 */
export async function failLikeAnUnlock(password: string, params: ScryptParams): Promise<never> {
  const kek = await deriveScrypt(password, randomBytes(SALT_BYTES), params)
  kek.fill(0)
  throw makeError(WRONG_CREDENTIALS, 'UNAUTHENTICATED')
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')
