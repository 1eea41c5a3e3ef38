import { makeError } from '../../shared/errors'
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, openAesGcm, sealAesGcm, toBytes } from './aes-gcm'

/** The envelope format this code writes; the first byte of every envelope. */
export const PHI_ENVELOPE_VERSION = 1

const HEADER_BYTES = 1

/**
 * The authenticated context of an envelope: the version byte, then the
 * caller's aad. Binding the version means an envelope cannot be re-labelled
 * as another format without failing its tag.
 */
function envelopeAad(version: number, aad: string | Uint8Array): Buffer {
  return Buffer.concat([Buffer.of(version), toBytes(aad)])
}

/**
 * Encrypts PHI for storage at rest (local queue, cloud payload) with the
 * clinic data key: AES-256-GCM, random nonce. The envelope is
 * `version(1) | nonce(12) | ciphertext | tag(16)`.
 *
 * @param dataKey the clinic data key (32 bytes)
 * @param plaintext the PHI, as bytes or a UTF-8 string
 * @param aad what the ciphertext belongs to (e.g. the record's tid); needed
 *   again to decrypt, so a ciphertext copied onto another record fails
 */
export function encryptPhi(
  dataKey: Uint8Array,
  plaintext: string | Uint8Array,
  aad: string | Uint8Array
): Buffer {
  const { nonce, ciphertext, tag } = sealAesGcm(
    dataKey,
    plaintext,
    envelopeAad(PHI_ENVELOPE_VERSION, aad)
  )
  return Buffer.concat([Buffer.of(PHI_ENVELOPE_VERSION), nonce, ciphertext, tag])
}

/**
 * Opens an envelope made by {@link encryptPhi}. A wrong key, wrong aad or
 * any altered byte fails with `INVALID_ARGUMENT`; an unknown version too.
 */
export function decryptPhi(
  dataKey: Uint8Array,
  envelope: Uint8Array,
  aad: string | Uint8Array
): Buffer {
  const bytes = toBytes(envelope)
  if (bytes.byteLength < HEADER_BYTES + GCM_NONCE_BYTES + GCM_TAG_BYTES) {
    throw makeError('the PHI envelope is too short', 'INVALID_ARGUMENT', { reason: 'malformed' })
  }
  const version = bytes[0]
  if (version !== PHI_ENVELOPE_VERSION) {
    throw makeError(`unknown PHI envelope version ${String(version)}`, 'INVALID_ARGUMENT', {
      reason: 'unknown version',
      version
    })
  }
  const nonce = bytes.subarray(HEADER_BYTES, HEADER_BYTES + GCM_NONCE_BYTES)
  const ciphertext = bytes.subarray(
    HEADER_BYTES + GCM_NONCE_BYTES,
    bytes.byteLength - GCM_TAG_BYTES
  )
  const tag = bytes.subarray(bytes.byteLength - GCM_TAG_BYTES)
  return openAesGcm(dataKey, { nonce, ciphertext, tag }, envelopeAad(version, aad), 'PHI envelope')
}
