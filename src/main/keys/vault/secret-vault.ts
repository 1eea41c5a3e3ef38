import { randomBytes, randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { makeError } from '../../../shared/errors'
import { openAesGcm, sealAesGcm } from '../../crypto/aes-gcm'
import { VAULT_SCRYPT, validScryptParams, type ScryptParams } from '../../crypto/scrypt-kdf'
import { writeFileAtomic } from '../atomic-file'
import { checkGivenPassword, checkNewPassword } from '../password-policy'
import {
  checkSecretName,
  checkSecretValue,
  type SecretStore,
  type SecretStoreKind
} from '../secret-store'
import { checkUsername } from '../username'
import { createKeySlot, failLikeAnUnlock, openKeySlot } from './key-slot'
import {
  parseVaultFile,
  serializeVaultFile,
  VAULT_FORMAT,
  VAULT_VERSION,
  type KeySlot,
  type VaultFile
} from './vault-format'

/** Whether the vault file exists, and whether this handle holds its key. */
export type VaultState = 'absent' | 'locked' | 'unlocked'

export interface SecretVaultOptions {
  /** scrypt parameters for new key slots; {@link VAULT_SCRYPT} by default. */
  readonly scrypt?: ScryptParams
}

const VAULT_KEY_BYTES = 32

/** What a secret's ciphertext is bound to: this vault and the secret's name. */
const secretAad = (vaultId: string, name: string) => `mediblock-vault:v1:secret:${vaultId}:${name}`

/**
 * The encrypted vault file: device secrets for a workstation with no OS
 * keychain. A random 32-byte vault key encrypts each secret (AES-256-GCM,
 * the secret's name in the aad); the vault key itself is stored only
 * wrapped, once per user, under a key scrypt derives from that user's
 * password (a "key slot"). Any user's login unlocks it.
 *
 * A handle starts locked; {@link unlock} (or {@link create}) gives it the
 * vault key until {@link lock}. Every operation re-reads the file, so a CLI
 * and the desktop app on one data dir see each other's writes; every write
 * is atomic.
 */
export class SecretVault implements SecretStore {
  readonly kind: SecretStoreKind = 'vault'
  /** The vault file. */
  readonly path: string
  readonly #scrypt: ScryptParams
  #key: Buffer | undefined
  #vaultId: string | undefined
  #unlockedBy: string | undefined

  constructor(path: string, options: SecretVaultOptions = {}) {
    const params = options.scrypt ?? VAULT_SCRYPT
    if (!validScryptParams(params)) {
      throw makeError('scrypt parameters out of range', 'INVALID_ARGUMENT', { ...params })
    }
    this.path = path
    this.#scrypt = params
  }

  /** Whether the file exists, and whether this handle is unlocked. */
  get state(): VaultState {
    if (this.#key) return 'unlocked'
    return existsSync(this.path) ? 'locked' : 'absent'
  }

  /** The user whose password unlocked this handle, if it is unlocked. */
  get unlockedBy(): string | undefined {
    return this.#unlockedBy
  }

  get description(): string {
    return `encrypted vault file ${this.path} (${this.state})`
  }

  /** The usernames that have a key slot. Needs no password. */
  users(): string[] {
    return this.#read().slots.map((slot) => slot.username)
  }

  /**
   * Creates the vault with a fresh random key and the first user's slot;
   * answers this handle, unlocked. `CONFLICT` if a vault file exists.
   */
  async create(username: string, password: string): Promise<this> {
    checkUsername(username)
    checkNewPassword(password)
    if (existsSync(this.path)) {
      throw makeError(`a vault already exists at ${this.path}`, 'CONFLICT', { path: this.path })
    }
    const key = randomBytes(VAULT_KEY_BYTES)
    const id = randomUUID()
    const slot = await createKeySlot(key, id, username, password, this.#scrypt)
    const file: VaultFile = {
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      id,
      createdAt: new Date().toISOString(),
      slots: [slot],
      secrets: {}
    }
    try {
      // Exclusive: another process may have created a vault during the slow KDF.
      writeFileAtomic(this.path, serializeVaultFile(file), { exclusive: true })
    } catch (error) {
      key.fill(0)
      throw error
    }
    this.#hold(key, id, username)
    return this
  }

  /**
   * Unlocks with one user's password; answers this handle. A wrong password
   * and an unknown user both fail with the same `UNAUTHENTICATED` error after
   * the same scrypt work, so the answer does not reveal who has a slot.
   */
  async unlock(username: string, password: string): Promise<this> {
    checkGivenPassword(password)
    const file = this.#read()
    const slot = file.slots.find((s) => s.username === username)
    if (!slot) return failLikeAnUnlock(password, this.#scrypt)
    const key = await openKeySlot(slot, file.id, password)
    this.#hold(key, file.id, slot.username)
    return this
  }

  /** Forgets the vault key (zeroed); the handle refuses secrets until unlocked again. */
  lock(): void {
    this.#key?.fill(0)
    this.#key = undefined
    this.#vaultId = undefined
    this.#unlockedBy = undefined
  }

  /** Gives `username` a key slot with `password`. Needs an unlocked handle. */
  async addSlot(username: string, password: string): Promise<void> {
    checkUsername(username)
    checkNewPassword(password)
    const { key, id } = this.#unlocked()
    const slot = await createKeySlot(key, id, username, password, this.#scrypt)
    this.#update((file) => {
      if (file.slots.some((s) => s.username === username)) {
        throw makeError(`${username} already has a key slot`, 'CONFLICT', { username })
      }
      file.slots.push(slot)
    })
  }

  /**
   * Removes `username`'s key slot (the user can no longer unlock the vault).
   * Needs an unlocked handle; the last slot cannot go, or nobody could unlock.
   */
  async removeSlot(username: string): Promise<void> {
    this.#unlocked()
    this.#update((file) => {
      const index = file.slots.findIndex((s) => s.username === username)
      if (index < 0) throw makeError(`${username} has no key slot`, 'NOT_FOUND', { username })
      if (file.slots.length === 1) {
        throw makeError('the last key slot cannot be removed', 'CONFLICT', { username })
      }
      file.slots.splice(index, 1)
    })
  }

  /**
   * Re-wraps `username`'s slot under `newPassword` (fresh salt). Proves the
   * old password by opening the slot; does not need an unlocked handle.
   */
  async changePassword(username: string, oldPassword: string, newPassword: string): Promise<void> {
    checkGivenPassword(oldPassword)
    checkNewPassword(newPassword)
    const file = this.#read()
    const slot = file.slots.find((s) => s.username === username)
    if (!slot) return failLikeAnUnlock(oldPassword, this.#scrypt)
    const key = await openKeySlot(slot, file.id, oldPassword)
    try {
      const fresh = await createKeySlot(key, file.id, username, newPassword, this.#scrypt)
      this.#update((current) => {
        const index = current.slots.findIndex((s) => s.username === username)
        // The slot changed while we derived keys: someone else changed it first.
        if (current.id !== file.id || index < 0 || !sameSlot(current.slots[index], slot)) {
          throw makeError(`${username}'s key slot changed meanwhile`, 'CONFLICT', { username })
        }
        current.slots[index] = fresh
      })
    } finally {
      key.fill(0)
    }
  }

  /** The names of the secrets stored. Needs an unlocked handle. */
  async names(): Promise<string[]> {
    this.#unlocked()
    return Object.keys(this.#readUnlocked().secrets).sort()
  }

  async get(name: string): Promise<string | null> {
    checkSecretName(name)
    const { key, id } = this.#unlocked()
    const entry = this.#readUnlocked().secrets[name]
    if (!entry) return null
    const plaintext = openAesGcm(
      key,
      {
        nonce: Buffer.from(entry.nonce, 'base64'),
        ciphertext: Buffer.from(entry.ciphertext, 'base64'),
        tag: Buffer.from(entry.tag, 'base64')
      },
      secretAad(id, name),
      `vault secret "${name}"`
    )
    try {
      return plaintext.toString('utf8')
    } finally {
      plaintext.fill(0)
    }
  }

  async set(name: string, value: string): Promise<void> {
    checkSecretName(name)
    checkSecretValue(value)
    const { key, id } = this.#unlocked()
    const { nonce, ciphertext, tag } = sealAesGcm(key, value, secretAad(id, name))
    this.#update((file) => {
      file.secrets[name] = {
        nonce: nonce.toString('base64'),
        ciphertext: ciphertext.toString('base64'),
        tag: tag.toString('base64'),
        updatedAt: new Date().toISOString()
      }
    })
  }

  async delete(name: string): Promise<boolean> {
    checkSecretName(name)
    this.#unlocked()
    let existed = false
    this.#update((file) => {
      existed = name in file.secrets
      delete file.secrets[name]
    })
    return existed
  }

  #hold(key: Buffer, vaultId: string, username: string): void {
    this.lock()
    this.#key = key
    this.#vaultId = vaultId
    this.#unlockedBy = username
  }

  #unlocked(): { key: Buffer; id: string } {
    if (!this.#key || !this.#vaultId) {
      throw makeError('the vault is locked; log in to unlock it', 'UNAUTHENTICATED', {
        path: this.path
      })
    }
    return { key: this.#key, id: this.#vaultId }
  }

  #read(): VaultFile {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw makeError(
          `no vault at ${this.path}; it is created with the first user's password`,
          'NOT_CONFIGURED',
          { path: this.path }
        )
      }
      throw makeError(`cannot read ${this.path}`, 'UNAVAILABLE', { path: this.path }, cause)
    }
    return parseVaultFile(text, this.path)
  }

  /** The file, checked to be the vault this handle was unlocked for. */
  #readUnlocked(): VaultFile {
    const file = this.#read()
    if (file.id !== this.#vaultId) {
      this.lock()
      throw makeError('the vault file was replaced; log in again', 'CONFLICT', {
        path: this.path
      })
    }
    return file
  }

  /** Read, change, write atomically: synchronous, so nothing in this process interleaves. */
  #update(change: (file: VaultFile) => void): void {
    const file = this.#vaultId ? this.#readUnlocked() : this.#read()
    change(file)
    this.#write(file)
  }

  #write(file: VaultFile): void {
    writeFileAtomic(this.path, serializeVaultFile(file))
  }
}

const sameSlot = (a: KeySlot | undefined, b: KeySlot) =>
  a !== undefined && a.wrappedKey === b.wrappedKey && a.kdf.salt === b.kdf.salt
