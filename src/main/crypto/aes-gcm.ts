import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { assert, makeError } from '../../shared/errors'

/** AES-256-GCM key length in bytes. */
export const AES_KEY_BYTES = 32
/** GCM nonce length: 96 bits, the size GCM is designed for. */
export const GCM_NONCE_BYTES = 12
/** GCM tag length: the full 128 bits; shorter tags weaken forgery resistance. */
export const GCM_TAG_BYTES = 16

/** One AES-256-GCM encryption: its nonce, ciphertext and tag. */
export interface GcmSealed {
  readonly nonce: Buffer
  readonly ciphertext: Buffer
  readonly tag: Buffer
}

/** Bytes of a string (UTF-8) or a byte array, without copying byte arrays. */
export function toBytes(value: string | Uint8Array): Buffer {
  return typeof value === 'string'
    ? Buffer.from(value, 'utf8')
    : Buffer.from(value.buffer, value.byteOffset, value.byteLength)
}

function checkKey(key: Uint8Array): void {
  assert(
    key.byteLength === AES_KEY_BYTES,
    `an AES-256 key has ${AES_KEY_BYTES} bytes`,
    'INVALID_ARGUMENT',
    { bytes: key.byteLength }
  )
}

/**
 * Encrypts `plaintext` under `key` with a fresh random nonce. `aad` is
 * authenticated but not encrypted: it binds the ciphertext to its context, so
 * a ciphertext moved to another context fails to open.
 */
export function sealAesGcm(
  key: Uint8Array,
  plaintext: string | Uint8Array,
  aad: string | Uint8Array
): GcmSealed {
  checkKey(key)
  // Random 96-bit nonces: safe for far more messages than one key here sees
  // (the birthday bound is ~2^32 messages per key).
  const nonce = randomBytes(GCM_NONCE_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES })
  cipher.setAAD(toBytes(aad))
  const ciphertext = Buffer.concat([cipher.update(toBytes(plaintext)), cipher.final()])
  return { nonce, ciphertext, tag: cipher.getAuthTag() }
}

/**
 * Decrypts what {@link sealAesGcm} made. Any change to the key, nonce,
 * ciphertext, tag or aad fails with a coded error: never garbage plaintext.
 * The failure message is deliberately the same whatever changed.
 */
export function openAesGcm(
  key: Uint8Array,
  sealed: GcmSealed,
  aad: string | Uint8Array,
  what = 'data'
): Buffer {
  checkKey(key)
  if (sealed.nonce.byteLength !== GCM_NONCE_BYTES || sealed.tag.byteLength !== GCM_TAG_BYTES) {
    throw makeError(`the ${what} is malformed`, 'INVALID_ARGUMENT', { reason: 'malformed' })
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, {
    authTagLength: GCM_TAG_BYTES
  })
  decipher.setAAD(toBytes(aad))
  decipher.setAuthTag(sealed.tag)
  const plaintext = decipher.update(sealed.ciphertext)
  try {
    return Buffer.concat([plaintext, decipher.final()])
  } catch (cause) {
    // GCM releases plaintext before checking the tag; wipe what was released.
    plaintext.fill(0)
    throw makeError(
      `the ${what} failed its integrity check (wrong key, or altered)`,
      'INVALID_ARGUMENT',
      { reason: 'authentication failed' },
      cause
    )
  }
}
