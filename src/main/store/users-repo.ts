import type { Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'
import type { Role } from '../../shared/roles'
import { checkUsername } from '../keys/username'

/** A user of this workstation, as the core sees it (no key material). */
export interface User {
  readonly id: number
  readonly username: string
  readonly displayName: string
  readonly role: Role
  /** The user's Ethereum address; the encrypted key lives in keys/. */
  readonly address: string
  readonly chainRegisteredAt: string | null
  readonly disabledAt: string | null
  readonly createdAt: string
}

export interface NewUser {
  readonly username: string
  readonly displayName: string
  readonly role: Role
  readonly address: string
}

interface Row {
  id: number
  username: string
  display_name: string
  role: Role
  address: string
  chain_registered_at: string | null
  disabled_at: string | null
  created_at: string
}

const toUser = (row: Row): User => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  address: row.address,
  chainRegisteredAt: row.chain_registered_at,
  disabledAt: row.disabled_at,
  createdAt: row.created_at
})

/** Users of the local store. */
export class UsersRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /** Adds a user; a taken username or address is a `CONFLICT`. */
  create(user: NewUser, now: Date = new Date()): User {
    const username = checkUsername(user.username)
    const displayName = user.displayName.trim()
    if (!displayName || displayName.length > 200) {
      throw makeError('a display name has 1 to 200 characters', 'INVALID_ARGUMENT')
    }
    if (!/^0x[0-9a-fA-F]{40}$/.test(user.address)) {
      throw makeError('not an Ethereum address', 'INVALID_ARGUMENT')
    }
    const taken = this.#db
      .prepare('SELECT username FROM users WHERE username = ? OR address = ?')
      .get(username, user.address.toLowerCase()) as { username: string } | undefined
    if (taken) {
      throw makeError(
        taken.username === username
          ? `the username ${username} is taken`
          : 'that key already belongs to another user',
        'CONFLICT'
      )
    }
    const at = now.toISOString()
    const { lastInsertRowid } = this.#db
      .prepare(
        `INSERT INTO users (username, display_name, role, address, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?)`
      )
      .run(username, displayName, user.role, user.address.toLowerCase(), at, at)
    return this.byId(Number(lastInsertRowid))
  }

  byId(id: number): User {
    const row = this.#db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Row | undefined
    if (!row) throw makeError(`no user with id ${id}`, 'NOT_FOUND')
    return toUser(row)
  }

  /** The user named `username`, or `undefined`. */
  find(username: string): User | undefined {
    const row = this.#db.prepare('SELECT * FROM users WHERE username = ?').get(username) as
      Row | undefined
    return row ? toUser(row) : undefined
  }

  /** Like {@link find}, but a missing user is a `NOT_FOUND`. */
  get(username: string): User {
    const user = this.find(username)
    if (!user) throw makeError(`no user named ${username}`, 'NOT_FOUND')
    return user
  }

  /** Every user, by username. */
  list(): User[] {
    return (this.#db.prepare('SELECT * FROM users ORDER BY username').all() as Row[]).map(toUser)
  }

  /** How many users exist (0 means the clinic is not set up). */
  count(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n
  }

  /** Disables or re-enables a user; a disabled user cannot log in. */
  setDisabled(username: string, disabled: boolean, now: Date = new Date()): User {
    const at = now.toISOString()
    const { changes } = this.#db
      .prepare('UPDATE users SET disabled_at = ?, updated_at = ? WHERE username = ?')
      .run(disabled ? at : null, at, username)
    if (!changes) throw makeError(`no user named ${username}`, 'NOT_FOUND')
    return this.get(username)
  }

  /** Records that the user's role is registered on the ledger (or, `false`, revoked there). */
  markRegistered(username: string, registered = true, now: Date = new Date()): void {
    const at = now.toISOString()
    this.#db
      .prepare('UPDATE users SET chain_registered_at = ?, updated_at = ? WHERE username = ?')
      .run(registered ? at : null, at, username)
  }

  /**
   * Gives a user a new key's address (a password reset); the new address
   * is not registered on the ledger yet. `CONFLICT` if another user has it.
   */
  setAddress(username: string, address: string, now: Date = new Date()): User {
    const at = now.toISOString()
    const { changes } = this.#db
      .prepare(
        `UPDATE users SET address = ?, chain_registered_at = NULL, updated_at = ?
         WHERE username = ?`
      )
      .run(address.toLowerCase(), at, username)
    if (!changes) throw makeError(`no user named ${username}`, 'NOT_FOUND')
    return this.get(username)
  }

  /** How many records this workstation holds that `username` signed (here, or pulled). */
  recordsSignedBy(username: string): number {
    return (
      this.#db
        .prepare(
          `SELECT (SELECT COUNT(*) FROM records r JOIN users u ON u.id = r.author_id
                   WHERE u.username = @username)
                + (SELECT COUNT(*) FROM pulled_records WHERE author = @username) AS n`
        )
        .get({ username }) as { n: number }
    ).n
  }

  /**
   * Reserves the clinician's next sequence number (signed into each record
   * for the ledger's replay window) and answers it. Atomic, so two records
   * never share one.
   */
  /**
   * Moves a clinician's next sequence number up to at least `atLeast` (never
   * down): another workstation of the clinic has used the ones below.
   */
  raiseSeq(address: string, atLeast: number): void {
    this.#db
      .prepare('UPDATE users SET next_seq = MAX(next_seq, ?) WHERE lower(address) = lower(?)')
      .run(atLeast, address)
  }

  takeSeq(userId: number): number {
    const row = this.#db
      .prepare(
        'UPDATE users SET next_seq = next_seq + 1 WHERE id = ? RETURNING next_seq - 1 AS seq'
      )
      .get(userId) as { seq: number } | undefined
    if (!row) throw makeError(`no user with id ${userId}`, 'NOT_FOUND')
    return row.seq
  }
}
