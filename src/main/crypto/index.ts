/** Cryptographic primitives of the core: AES-GCM, scrypt, PHI envelopes, pseudonyms. */
export { AES_KEY_BYTES, openAesGcm, sealAesGcm, type GcmSealed } from './aes-gcm'
export { decryptPhi, encryptPhi, PHI_ENVELOPE_VERSION } from './phi-envelope'
export { pseudonym, PSEUDONYM_SECRET_MIN_BYTES } from './pseudonym'
export { deriveScrypt, VAULT_SCRYPT, validScryptParams, type ScryptParams } from './scrypt-kdf'
export { isSecp256k1PrivateKey, randomSecp256k1PrivateKey } from './secp256k1-key'
