import { createHmac } from 'node:crypto'
import { assert } from '../../shared/errors'

/**
 * Domain separation: the pseudonym secret is only ever used through this
 * label, so an HMAC made with it for another purpose later can never collide
 * with a pseudonym.
 */
const PSEUDONYM_LABEL = 'mediblock:patient-pseudonym:v1\0'

/** Shortest pseudonym secret accepted: 256 bits, HMAC-SHA256's block-level strength. */
export const PSEUDONYM_SECRET_MIN_BYTES = 32

/**
 * The patient's on-chain pseudonym: HMAC-SHA256 under the clinic's pseudonym
 * secret, as a 0x-prefixed bytes32. Deterministic, so every workstation of
 * the clinic derives the same one; without the secret, it cannot be linked
 * to the patient id, even by guessing ids.
 *
 * @param secret the clinic pseudonym secret (32 bytes or more)
 * @param patientId the clinic's patient id, used exactly as given (UTF-8)
 */
export function pseudonym(secret: Uint8Array, patientId: string): string {
  assert(
    secret.byteLength >= PSEUDONYM_SECRET_MIN_BYTES,
    `a pseudonym secret has at least ${PSEUDONYM_SECRET_MIN_BYTES} bytes`,
    'INVALID_ARGUMENT'
  )
  assert(
    typeof patientId === 'string' && patientId.length > 0,
    'a patient id is needed',
    'INVALID_ARGUMENT'
  )
  const mac = createHmac('sha256', secret).update(PSEUDONYM_LABEL, 'utf8').update(patientId, 'utf8')
  return `0x${mac.digest('hex')}`
}
