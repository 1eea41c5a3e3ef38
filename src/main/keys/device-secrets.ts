import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { Wallet, type Provider } from 'ethers'
import { makeError } from '../../shared/errors'
import { decryptPhi, encryptPhi } from '../crypto/phi-envelope'
import { pseudonym } from '../crypto/pseudonym'
import { isSecp256k1PrivateKey, randomSecp256k1PrivateKey } from '../crypto/secp256k1-key'
import type { SecretStore } from './secret-store'

/** The names device secrets are stored under, in the keychain or the vault. */
export const DEVICE_SECRET_NAMES = Object.freeze({
  /** The handshaker's Ethereum account key (0x hex), which sends anchoring transactions. */
  handshakerKey: 'handshaker.private-key',
  /** The clinic data key (hex, 32 bytes): AES-256-GCM for PHI at rest. */
  dataKey: 'clinic.data-key',
  /** The clinic pseudonym secret (hex, 32 bytes): HMAC key of patient pseudonyms. */
  pseudonymSecret: 'clinic.pseudonym-secret'
})

type DeviceSecretField = keyof typeof DEVICE_SECRET_NAMES
const FIELDS = Object.keys(DEVICE_SECRET_NAMES) as DeviceSecretField[]

const HEX32 = /^[0-9a-f]{64}$/

/**
 * A workstation's device secrets, unlocked, in the main process. The raw
 * keys stay in private fields: callers encrypt, decrypt, derive pseudonyms
 * and sign through methods, and logging or serialising the object shows the
 * handshaker address only.
 */
export class DeviceSecrets {
  readonly #handshakerKey: string
  readonly #dataKey: Buffer
  readonly #pseudonymSecret: Buffer
  /** The handshaker's Ethereum address (public). */
  readonly handshakerAddress: string

  constructor(values: Readonly<Record<DeviceSecretField, string>>) {
    const { handshakerKey, dataKey, pseudonymSecret } = values
    if (!isSecp256k1PrivateKey(handshakerKey)) throw invalid('handshakerKey')
    if (!HEX32.test(dataKey)) throw invalid('dataKey')
    if (!HEX32.test(pseudonymSecret)) throw invalid('pseudonymSecret')
    this.#handshakerKey = handshakerKey
    this.#dataKey = Buffer.from(dataKey, 'hex')
    this.#pseudonymSecret = Buffer.from(pseudonymSecret, 'hex')
    this.handshakerAddress = new Wallet(handshakerKey).address
  }

  /** The handshaker's account as an ethers signer, optionally connected. */
  handshakerWallet(provider?: Provider | null): Wallet {
    return new Wallet(this.#handshakerKey, provider ?? null)
  }

  /** Encrypts PHI under the clinic data key; see `encryptPhi`. */
  encryptPhi(plaintext: string | Uint8Array, aad: string | Uint8Array): Buffer {
    return encryptPhi(this.#dataKey, plaintext, aad)
  }

  /** Decrypts PHI under the clinic data key; see `decryptPhi`. */
  decryptPhi(envelope: Uint8Array, aad: string | Uint8Array): Buffer {
    return decryptPhi(this.#dataKey, envelope, aad)
  }

  /** The patient's pseudonym under the clinic secret; see `pseudonym`. */
  pseudonym(patientId: string): string {
    return pseudonym(this.#pseudonymSecret, patientId)
  }

  /** Zeroes the byte keys; the object is useless afterwards. */
  wipe(): void {
    this.#dataKey.fill(0)
    this.#pseudonymSecret.fill(0)
  }

  toJSON(): { handshakerAddress: string } {
    return { handshakerAddress: this.handshakerAddress }
  }

  toString(): string {
    return `DeviceSecrets { handshakerAddress: '${this.handshakerAddress}' }`
  }

  [inspect.custom](): string {
    return this.toString()
  }
}

const invalid = (field: DeviceSecretField) =>
  makeError(`the stored ${DEVICE_SECRET_NAMES[field]} is malformed`, 'INVALID_ARGUMENT', {
    name: DEVICE_SECRET_NAMES[field]
  })

/** Fresh device secrets from the OS's CSPRNG, as stored (hex). */
export function generateDeviceSecretValues(): Record<DeviceSecretField, string> {
  return {
    handshakerKey: randomSecp256k1PrivateKey(),
    dataKey: randomBytes(32).toString('hex'),
    pseudonymSecret: randomBytes(32).toString('hex')
  }
}

/** The outcome of {@link ensureDeviceSecrets}. */
export interface EnsuredDeviceSecrets {
  readonly secrets: DeviceSecrets
  /** `true` when this call generated them (the workstation's first use). */
  readonly created: boolean
}

/**
 * The device secrets in `store`, generated on first use. All or none: when
 * only some exist, something lost the others (a restored backup, a changed
 * store), and generating replacements would silently orphan data encrypted
 * under the old ones, so that is a `CONFLICT` for a person to resolve.
 */
export async function ensureDeviceSecrets(store: SecretStore): Promise<EnsuredDeviceSecrets> {
  const stored = await readAll(store)
  const missing = FIELDS.filter((field) => stored[field] === null)
  if (missing.length === 0) {
    return {
      secrets: new DeviceSecrets(stored as Record<DeviceSecretField, string>),
      created: false
    }
  }
  if (missing.length < FIELDS.length) {
    throw makeError(
      `device secrets are incomplete (${missing.map((f) => DEVICE_SECRET_NAMES[f]).join(', ')} ` +
        `missing from the ${store.kind}); restore them rather than generate new ones`,
      'CONFLICT',
      { missing: missing.map((f) => DEVICE_SECRET_NAMES[f]) }
    )
  }
  const values = generateDeviceSecretValues()
  const written: DeviceSecretField[] = []
  try {
    for (const field of FIELDS) {
      await store.set(DEVICE_SECRET_NAMES[field], values[field])
      written.push(field)
    }
  } catch (error) {
    // Leave none rather than some, so the next attempt starts clean.
    for (const field of written) await store.delete(DEVICE_SECRET_NAMES[field]).catch(() => false)
    throw error
  }
  return { secrets: new DeviceSecrets(values), created: true }
}

/** The device secrets in `store`; `NOT_CONFIGURED` when any is missing. */
export async function loadDeviceSecrets(store: SecretStore): Promise<DeviceSecrets> {
  const stored = await readAll(store)
  const missing = FIELDS.filter((field) => stored[field] === null)
  if (missing.length > 0) {
    throw makeError('this workstation has no device secrets yet', 'NOT_CONFIGURED', {
      missing: missing.map((f) => DEVICE_SECRET_NAMES[f])
    })
  }
  return new DeviceSecrets(stored as Record<DeviceSecretField, string>)
}

async function readAll(store: SecretStore): Promise<Record<DeviceSecretField, string | null>> {
  const entries = await Promise.all(
    FIELDS.map(async (field) => [field, await store.get(DEVICE_SECRET_NAMES[field])] as const)
  )
  return Object.fromEntries(entries) as Record<DeviceSecretField, string | null>
}
