import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { makeError } from '../../shared/errors'
import { CloudSettings } from '../../shared/ipc/schemas'
import { ROLES } from '../../shared/roles'
import { TemplateDefinition } from '../../shared/templates'
import { openAesGcm, sealAesGcm } from '../crypto/aes-gcm'
import { deriveScrypt, type ScryptParams } from '../crypto/scrypt-kdf'

/**
 * scrypt for the bundle's passphrase: above the vault's, because the file
 * travels (USB stick, e-mail) and holds every clinic secret.
 */
export const BUNDLE_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 17, r: 8, p: 1 })
/** A one-time passphrase is typed once on each side: long is cheap. */
export const MIN_PASSPHRASE_LENGTH = 12

const FORMAT = 'mediblock-enrollment'
const AAD = `${FORMAT}/1`
const hex32 = z.string().regex(/^[0-9a-f]{64}$/)

/** What a new workstation of the clinic needs, in clear (only ever held in memory). */
export const EnrollmentContents = z.object({
  clinic: z.object({ name: z.string().min(1) }),
  /** The exporting workstation, for the audit logs. */
  from: z.object({ workstationId: z.uuid(), admin: z.string() }),
  ledger: z.object({
    nodeUrl: z.url(),
    confirmations: z.int().min(0).max(64),
    contract: z.object({
      address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
      chainId: z.int().positive(),
      deployBlock: z.int().nonnegative()
    })
  }),
  cloud: CloudSettings,
  /** The cloud password or key, when the engine needs one. */
  cloudSecret: z.string().nullable(),
  secrets: z.object({
    dataKey: hex32,
    pseudonymSecret: hex32,
    /** A handshaker key made for the new workstation (never the exporter's own). */
    handshakerKey: z.string().regex(/^0x[0-9a-f]{64}$/)
  }),
  users: z.array(
    z.object({
      username: z.string(),
      displayName: z.string(),
      role: z.enum(ROLES),
      address: z.string(),
      chainRegisteredAt: z.string().nullable(),
      /** The user's keystore, still encrypted under their own password. */
      keystore: z.string()
    })
  ),
  templates: z.array(TemplateDefinition)
})
export type EnrollmentContents = z.infer<typeof EnrollmentContents>

const FileShape = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  createdAt: z.string(),
  kdf: z.object({
    name: z.literal('scrypt'),
    N: z.int(),
    r: z.int(),
    p: z.int(),
    salt: z.string()
  }),
  nonce: z.string(),
  tag: z.string(),
  ciphertext: z.string()
})

/** Seals the contents under a passphrase: scrypt, then AES-256-GCM. Answers the file's text. */
export async function sealEnrollment(
  contents: EnrollmentContents,
  passphrase: string,
  scrypt: ScryptParams = BUNDLE_SCRYPT
): Promise<string> {
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw makeError(
      `an enrollment passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters`,
      'INVALID_ARGUMENT'
    )
  }
  const salt = randomBytes(32)
  const key = await deriveScrypt(passphrase, salt, scrypt)
  try {
    const sealed = sealAesGcm(key, JSON.stringify(EnrollmentContents.parse(contents)), AAD)
    const file = {
      format: FORMAT,
      version: 1,
      createdAt: new Date().toISOString(),
      kdf: { name: 'scrypt', ...scrypt, salt: salt.toString('base64') },
      nonce: sealed.nonce.toString('base64'),
      tag: sealed.tag.toString('base64'),
      ciphertext: sealed.ciphertext.toString('base64')
    }
    return `${JSON.stringify(file, null, 2)}\n`
  } finally {
    key.fill(0)
  }
}

/** Opens a bundle; `UNAUTHENTICATED` for a wrong passphrase or an altered file. */
export async function openEnrollment(
  text: string,
  passphrase: string
): Promise<EnrollmentContents> {
  let file: z.infer<typeof FileShape>
  try {
    file = FileShape.parse(JSON.parse(text))
  } catch {
    throw makeError('not a MediBlock enrollment file', 'INVALID_ARGUMENT')
  }
  const { N, r, p, salt } = file.kdf
  // Refuse parameters that would take minutes or gigabytes before any check.
  if (N > 2 ** 20 || r > 16 || p > 4) {
    throw makeError('the enrollment file asks for too much work', 'INVALID_ARGUMENT')
  }
  const key = await deriveScrypt(passphrase, Buffer.from(salt, 'base64'), { N, r, p })
  let plain: Buffer
  try {
    plain = openAesGcm(
      key,
      {
        nonce: Buffer.from(file.nonce, 'base64'),
        tag: Buffer.from(file.tag, 'base64'),
        ciphertext: Buffer.from(file.ciphertext, 'base64')
      },
      AAD,
      'enrollment file'
    )
  } catch {
    throw makeError('wrong passphrase, or the enrollment file was altered', 'UNAUTHENTICATED')
  } finally {
    key.fill(0)
  }
  try {
    return EnrollmentContents.parse(JSON.parse(plain.toString('utf8')))
  } finally {
    plain.fill(0)
  }
}
