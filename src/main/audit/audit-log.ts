import { createHash } from 'node:crypto'
import type { Database } from 'better-sqlite3'
import canonicalize from 'canonicalize'
import { makeError } from '../../shared/errors'
import { LogAnchorsRepo } from './log-anchors-repo'

/** The hash that precedes the first entry. */
export const GENESIS_HASH = `0x${'0'.repeat(64)}`

/** One security event. `detail` never holds PHI: ids and codes only. */
export interface AuditEvent {
  readonly actor: string
  readonly action: string
  readonly subject?: string | null
  readonly detail?: Readonly<Record<string, unknown>>
}

export interface AuditEntry {
  readonly seq: number
  readonly at: string
  readonly actor: string
  readonly action: string
  readonly subject: string | null
  readonly detail: Record<string, unknown>
  readonly prevHash: string
  readonly hash: string
}

/** The outcome of {@link AuditLog.verify}. */
export type ChainCheck =
  { ok: true; entries: number; head: string } | { ok: false; brokenAt: number }

interface Row {
  seq: number
  at: string
  actor: string
  action: string
  subject: string | null
  detail: string
  prev_hash: string
  hash: string
}

/** The hash of an entry: SHA-256 over the previous hash and the canonical entry. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const body = canonicalize({
    seq: entry.seq,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    detail: entry.detail,
    prevHash: entry.prevHash
  })
  return `0x${createHash('sha256')
    .update(body ?? '')
    .digest('hex')}`
}

const toEntry = (row: Row): AuditEntry => ({
  seq: row.seq,
  at: row.at,
  actor: row.actor,
  action: row.action,
  subject: row.subject,
  detail: JSON.parse(row.detail) as Record<string, unknown>,
  prevHash: row.prev_hash,
  hash: row.hash
})

/**
 * The local, append-only audit log. Each entry commits to the one before it,
 * so a removed or edited entry breaks the chain from that point on; the
 * database refuses updates and deletes outright. Whoever can write the file
 * can still drop the triggers and rewrite the chain, hashes and all: the
 * head is anchored on the ledger from time to time (see
 * `log-anchoring.ts`), which fixes every entry up to it.
 */
export class AuditLog {
  readonly #db: Database
  /** The handshaker's anchors of this log's head (bookkeeping; verifiers read the chain). */
  readonly anchors: LogAnchorsRepo

  constructor(db: Database) {
    this.#db = db
    this.anchors = new LogAnchorsRepo(db)
  }

  /** Appends one event and answers the stored entry. */
  append(event: AuditEvent, now: Date = new Date()): AuditEntry {
    return this.#db
      .transaction(() => {
        const last = this.#db
          .prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
          .get() as { seq: number; hash: string } | undefined
        const partial = {
          seq: (last?.seq ?? 0) + 1,
          at: now.toISOString(),
          actor: event.actor,
          action: event.action,
          subject: event.subject ?? null,
          detail: { ...(event.detail ?? {}) },
          prevHash: last?.hash ?? GENESIS_HASH
        }
        const entry: AuditEntry = { ...partial, hash: entryHash(partial) }
        this.#db
          .prepare(
            `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
             VALUES (@seq, @at, @actor, @action, @subject, @detail, @prevHash, @hash)`
          )
          .run({ ...entry, detail: JSON.stringify(entry.detail) })
        return entry
      })
      .immediate()
  }

  /** The newest entries first, at most `limit`. */
  recent(limit = 100): AuditEntry[] {
    if (!Number.isInteger(limit) || limit < 1) {
      throw makeError('limit must be a positive whole number', 'INVALID_ARGUMENT')
    }
    const rows = this.#db
      .prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?')
      .all(limit) as Row[]
    return rows.map(toEntry)
  }

  /** The last entry, or undefined for an empty log. */
  head(): AuditEntry | undefined {
    const row = this.#db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      Row | undefined
    return row && toEntry(row)
  }

  /** The entry numbered `seq`, if there is one. */
  entry(seq: number): AuditEntry | undefined {
    const row = this.#db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as
      Row | undefined
    return row && toEntry(row)
  }

  /**
   * Every entry from `fromSeq` on, oldest first, read lazily (a long log is
   * never held in memory). The entries are as stored: nothing is checked.
   */
  *entries(fromSeq = 1): Generator<AuditEntry> {
    const rows = this.#db
      .prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq')
      .iterate(fromSeq) as Iterable<Row>
    for (const row of rows) yield toEntry(row)
  }

  /** Re-derives every hash; answers where the chain first breaks, if it does. */
  verify(): ChainCheck {
    let prev = GENESIS_HASH
    let expectedSeq = 1
    const rows = this.#db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as Iterable<Row>
    for (const row of rows) {
      const entry = toEntry(row)
      if (entry.seq !== expectedSeq || entry.prevHash !== prev || entryHash(entry) !== entry.hash) {
        return { ok: false, brokenAt: expectedSeq }
      }
      prev = entry.hash
      expectedSeq++
    }
    return { ok: true, entries: expectedSeq - 1, head: prev }
  }
}
