import { z } from 'zod'
import { makeError } from '../../../shared/errors'
import { SCRYPT_LIMITS } from '../../crypto/scrypt-kdf'
import { SECRET_NAME_PATTERN } from '../secret-store'
import { USERNAME_PATTERN } from '../username'

/** The `format` field of every vault file: what the JSON is, at a glance. */
export const VAULT_FORMAT = 'mediblock-vault'
/** The vault file version this code reads and writes. */
export const VAULT_VERSION = 1

const base64 = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => bytes === undefined || Buffer.from(s, 'base64').byteLength === bytes, {
      message: `expected ${String(bytes)} bytes`
    })

const scryptKdf = z.strictObject({
  name: z.literal('scrypt'),
  N: z.number().int().min(SCRYPT_LIMITS.minN).max(SCRYPT_LIMITS.maxN),
  r: z.number().int().min(1).max(SCRYPT_LIMITS.maxR),
  p: z.number().int().min(1).max(SCRYPT_LIMITS.maxP),
  dkLen: z.literal(32),
  salt: base64(16)
})

/** One user's key slot: the vault key, wrapped under a key derived from their password. */
export const keySlotSchema = z.strictObject({
  username: z.string().regex(USERNAME_PATTERN),
  kdf: scryptKdf,
  cipher: z.literal('aes-256-gcm'),
  nonce: base64(12),
  wrappedKey: base64(32),
  tag: base64(16),
  createdAt: z.iso.datetime()
})

/** One secret, encrypted under the vault key. */
export const vaultEntrySchema = z.strictObject({
  nonce: base64(12),
  ciphertext: base64(),
  tag: base64(16),
  updatedAt: z.iso.datetime()
})

/** The whole vault file, version 1. */
export const vaultFileSchema = z.strictObject({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_VERSION),
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  slots: z
    .array(keySlotSchema)
    .min(1)
    .refine((slots) => new Set(slots.map((s) => s.username)).size === slots.length, {
      message: 'duplicate usernames'
    }),
  secrets: z.record(z.string().regex(SECRET_NAME_PATTERN), vaultEntrySchema)
})

export type KeySlot = z.infer<typeof keySlotSchema>
export type VaultEntry = z.infer<typeof vaultEntrySchema>
export type VaultFile = z.infer<typeof vaultFileSchema>

/**
 * Parses a vault file's text. The version is checked before the shape, so a
 * file written by a newer MediBlock is refused with a message that says so
 * rather than as "corrupt".
 */
export function parseVaultFile(text: string, path: string): VaultFile {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (cause) {
    throw makeError(`the vault file ${path} is not valid JSON`, 'INVALID_ARGUMENT', { path }, cause)
  }
  const head = z.looseObject({ format: z.unknown(), version: z.unknown() }).safeParse(json)
  if (!head.success || head.data.format !== VAULT_FORMAT) {
    throw makeError(`${path} is not a MediBlock vault file`, 'INVALID_ARGUMENT', { path })
  }
  if (head.data.version !== VAULT_VERSION) {
    throw makeError(
      `the vault file ${path} has version ${JSON.stringify(head.data.version)}; ` +
        `this MediBlock reads version ${VAULT_VERSION} only (a newer MediBlock wrote it?)`,
      'INVALID_ARGUMENT',
      { path, version: head.data.version }
    )
  }
  const parsed = vaultFileSchema.safeParse(json)
  if (!parsed.success) {
    throw makeError(`the vault file ${path} is malformed`, 'INVALID_ARGUMENT', {
      path,
      issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)
    })
  }
  return parsed.data
}

/** The text of a vault file: stable key order, one trailing newline. */
export function serializeVaultFile(file: VaultFile): string {
  return `${JSON.stringify(vaultFileSchema.parse(file), null, 2)}\n`
}
