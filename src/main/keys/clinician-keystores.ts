import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import {
  decryptKeystoreJson,
  encryptKeystoreJson,
  getAddress,
  scrypt as ethersScrypt,
  Wallet
} from 'ethers'
import { isError, makeError } from '../../shared/errors'
import { validScryptParams, type ScryptParams } from '../crypto/scrypt-kdf'
import { isSecp256k1PrivateKey, randomSecp256k1PrivateKey } from '../crypto/secp256k1-key'
import { writeFileAtomic } from './atomic-file'
import { WRONG_CREDENTIALS } from './vault/key-slot'
import { checkGivenPassword, checkNewPassword } from './password-policy'
import { checkUsername, isValidUsername } from './username'

/**
 * scrypt for clinicians' keystores: N=2^16, r=8, p=1. ethers computes
 * keystore scrypt in JavaScript, about 3x slower than Node's native scrypt:
 * ~0.3 s per unlock on the 2-core development machine, where ethers' default
 * N=2^17 takes ~0.55 s idle and over 1 s under load (docs/KEYS.md).
 */
export const KEYSTORE_SCRYPT: ScryptParams = Object.freeze({ N: 2 ** 16, r: 8, p: 1 })

const KEYSTORE_EXT = '.json'

export interface ClinicianKeystoresOptions {
  /** scrypt parameters for new keystores; {@link KEYSTORE_SCRYPT} by default. */
  readonly scrypt?: ScryptParams
}

/**
 * Clinicians' secp256k1 keys, one standard Ethereum keystore (Web3 Secret
 * Storage v3, scrypt) per user in the data dir's keys folder, named
 * `<username>.json`. Unlocking yields an ethers `Wallet` that stays in the
 * main process: the session signs with it, the renderer never sees it.
 */
export class ClinicianKeystores {
  /** The keys folder. */
  readonly dir: string
  readonly #scrypt: ScryptParams

  constructor(keysDir: string, options: ClinicianKeystoresOptions = {}) {
    const params = options.scrypt ?? KEYSTORE_SCRYPT
    if (!validScryptParams(params)) {
      throw makeError('scrypt parameters out of range', 'INVALID_ARGUMENT', { ...params })
    }
    this.dir = keysDir
    this.#scrypt = params
  }

  /** The keystore file of `username` (validated: no path can escape the folder). */
  pathOf(username: string): string {
    return join(this.dir, `${checkUsername(username)}${KEYSTORE_EXT}`)
  }

  /** `true` when `username` has a keystore. */
  has(username: string): boolean {
    return existsSync(this.pathOf(username))
  }

  /** The usernames with a keystore, sorted. */
  list(): string[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((file) => file.endsWith(KEYSTORE_EXT))
      .map((file) => file.slice(0, -KEYSTORE_EXT.length))
      .filter(isValidUsername)
      .sort()
  }

  /** The checksummed address in `username`'s keystore; needs no password. */
  addressOf(username: string): string {
    return getAddress(this.#read(username).address)
  }

  /**
   * Creates `username`'s keystore with a fresh key (or `privateKey`, to
   * import one); answers the address. `CONFLICT` if one exists.
   */
  async create(
    username: string,
    password: string,
    options: { privateKey?: string } = {}
  ): Promise<{ address: string }> {
    const path = this.pathOf(username)
    checkNewPassword(password)
    if (options.privateKey !== undefined && !isSecp256k1PrivateKey(options.privateKey)) {
      throw makeError('not a secp256k1 private key', 'INVALID_ARGUMENT')
    }
    if (existsSync(path)) {
      throw makeError(`${username} already has a keystore`, 'CONFLICT', { username })
    }
    const wallet = new Wallet(options.privateKey ?? randomSecp256k1PrivateKey())
    const json = await this.#encrypt(wallet, password)
    try {
      // Exclusive: never overwrite a key created meanwhile, which would lose it.
      this.#write(path, json, true)
    } catch (error) {
      if (isError(error, 'CONFLICT')) {
        throw makeError(`${username} already has a keystore`, 'CONFLICT', { username })
      }
      throw error
    }
    return { address: wallet.address }
  }

  /**
   * Decrypts `username`'s key. A wrong password and an unknown user both
   * fail with the same `UNAUTHENTICATED` error, after the same scrypt work.
   */
  async unlock(username: string, password: string): Promise<Wallet> {
    checkGivenPassword(password)
    if (!isValidUsername(username) || !existsSync(this.pathOf(username))) {
      await ethersScrypt(
        Buffer.from(password.normalize('NFKC')),
        randomBytes(32),
        this.#scrypt.N,
        this.#scrypt.r,
        this.#scrypt.p,
        32
      )
      throw makeError(WRONG_CREDENTIALS, 'UNAUTHENTICATED')
    }
    const text = JSON.stringify(this.#read(username))
    let account: Awaited<ReturnType<typeof decryptKeystoreJson>>
    try {
      account = await decryptKeystoreJson(text, password)
    } catch (cause) {
      if ((cause as { argument?: unknown }).argument === 'password') {
        throw makeError(WRONG_CREDENTIALS, 'UNAUTHENTICATED', undefined, cause)
      }
      throw makeError(
        `${username}'s keystore is malformed`,
        'INVALID_ARGUMENT',
        { username },
        cause
      )
    }
    return new Wallet(account.privateKey)
  }

  /** Re-encrypts `username`'s key under `newPassword`, proving `oldPassword` first. */
  async changePassword(username: string, oldPassword: string, newPassword: string): Promise<void> {
    checkNewPassword(newPassword)
    const wallet = await this.unlock(username, oldPassword)
    const json = await this.#encrypt(wallet, newPassword)
    this.#write(this.pathOf(username), json)
  }

  /**
   * Deletes `username`'s keystore; `true` when there was one. The key is
   * gone for good: whatever it signed stays verifiable by its address.
   */
  async remove(username: string): Promise<boolean> {
    const path = this.pathOf(username)
    if (!existsSync(path)) return false
    rmSync(path)
    return true
  }

  /**
   * `username`'s keystore as JSON, still encrypted under their password:
   * what an enrollment bundle carries to another workstation of the clinic.
   */
  exportJson(username: string): string {
    return `${JSON.stringify(this.#read(username), null, 2)}\n`
  }

  /**
   * Installs a keystore exported from another workstation (same checks as a
   * read: version 3, scrypt in bounds). `CONFLICT` if `username` has one.
   */
  importJson(username: string, json: string): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch {
      parsed = undefined
    }
    if (!isKeystoreShape(parsed)) {
      throw makeError(`${username}'s keystore is malformed`, 'INVALID_ARGUMENT', { username })
    }
    try {
      this.#write(this.pathOf(username), `${JSON.stringify(parsed, null, 2)}\n`, true)
    } catch (error) {
      if (isError(error, 'CONFLICT')) {
        throw makeError(`${username} already has a keystore`, 'CONFLICT', { username })
      }
      throw error
    }
  }

  async #encrypt(wallet: Wallet, password: string): Promise<string> {
    const { N, r, p } = this.#scrypt
    const json = await encryptKeystoreJson(
      { address: wallet.address, privateKey: wallet.privateKey },
      password,
      { scrypt: { N, r, p } }
    )
    // The Web3 Secret Storage definition spells it `crypto`; ethers writes
    // `Crypto`. Other tools read both, but the standard spelling is safest.
    const { Crypto: crypto, ...rest } = JSON.parse(json) as Record<string, unknown>
    return `${JSON.stringify({ ...rest, crypto }, null, 2)}\n`
  }

  #write(path: string, json: string, exclusive = false): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    writeFileAtomic(path, json, { exclusive })
  }

  /**
   * The keystore JSON, checked for what this code writes: version 3 and
   * scrypt within bounds, so an altered file cannot make an unlock take
   * minutes or gigabytes.
   */
  #read(username: string): KeystoreShape {
    const path = this.pathOf(username)
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path, 'utf8'))
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw makeError(`${username} has no keystore`, 'NOT_FOUND', { username })
      }
      throw makeError(
        `${username}'s keystore is unreadable`,
        'INVALID_ARGUMENT',
        { username },
        cause
      )
    }
    if (!isKeystoreShape(json)) {
      throw makeError(`${username}'s keystore is malformed`, 'INVALID_ARGUMENT', { username })
    }
    return json
  }
}

interface KeystoreShape {
  version: 3
  address: string
  crypto: { kdf: 'scrypt'; kdfparams: { n: number; r: number; p: number } }
}

function isKeystoreShape(value: unknown): value is KeystoreShape {
  if (typeof value !== 'object' || value === null) return false
  const { version, address, crypto } = value as Record<string, unknown>
  if (version !== 3 || typeof address !== 'string' || !/^(0x)?[0-9a-fA-F]{40}$/.test(address)) {
    return false
  }
  if (typeof crypto !== 'object' || crypto === null) return false
  const { kdf, kdfparams } = crypto as Record<string, unknown>
  if (kdf !== 'scrypt' || typeof kdfparams !== 'object' || kdfparams === null) return false
  const { n, r, p } = kdfparams as Record<string, unknown>
  return (
    typeof n === 'number' &&
    typeof r === 'number' &&
    typeof p === 'number' &&
    validScryptParams({ N: n, r, p })
  )
}
