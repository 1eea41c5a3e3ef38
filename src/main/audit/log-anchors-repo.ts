import type { Database } from 'better-sqlite3'

/** One anchor of the security log's head, as this workstation's handshaker sent it. */
export interface StoredLogAnchor {
  readonly id: number
  readonly nonce: number
  /** The log had this many entries when anchored; `head` is the last one's hash. */
  readonly entries: number
  readonly head: string
  readonly txHash: string
  readonly rawTx: string
  /** `sent` until its receipt is seen; `failed` when the transaction reverted. */
  readonly state: 'sent' | 'mined' | 'failed'
  readonly blockNumber: number | null
  readonly createdAt: string
  readonly settledAt: string | null
}

interface Row {
  id: number
  nonce: number
  entries: number
  head: string
  tx_hash: string
  raw_tx: string
  state: StoredLogAnchor['state']
  block_number: number | null
  created_at: string
  settled_at: string | null
}

const toAnchor = (row: Row): StoredLogAnchor => ({
  id: row.id,
  nonce: row.nonce,
  entries: row.entries,
  head: row.head,
  txHash: row.tx_hash,
  rawTx: row.raw_tx,
  state: row.state,
  blockNumber: row.block_number,
  createdAt: row.created_at,
  settledAt: row.settled_at
})

/**
 * The `log_anchors` table (migration 006): the handshaker's own record of
 * the anchors it sent. Not evidence of anything: `audit log --verify` reads
 * the anchors from the chain.
 */
export class LogAnchorsRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /**
   * Stores a signed anchor transaction before it is sent, in one write
   * transaction that also picks its nonce: the larger of the chain's next
   * nonce and one past every nonce the store has given a batch or an anchor,
   * so a batch signed at the same moment by another process never gets the
   * same one. `sign` must be synchronous.
   */
  record(
    sign: (nonce: number) => { txHash: string; rawTx: string },
    anchor: { entries: number; head: string },
    chainNonce: number,
    now: Date = new Date()
  ): StoredLogAnchor {
    return this.#db
      .transaction(() => {
        const last = this.#db
          .prepare(
            `SELECT MAX(n) AS n FROM (SELECT MAX(nonce) AS n FROM batches
                                     UNION ALL SELECT MAX(nonce) FROM log_anchors)`
          )
          .get() as { n: number | null }
        const nonce = Math.max(chainNonce, (last.n ?? -1) + 1)
        const { txHash, rawTx } = sign(nonce)
        const { lastInsertRowid } = this.#db
          .prepare(
            `INSERT INTO log_anchors (nonce, entries, head, tx_hash, raw_tx, state, created_at)
             VALUES (?, ?, ?, ?, ?, 'sent', ?)`
          )
          .run(nonce, anchor.entries, anchor.head, txHash, rawTx, now.toISOString())
        return this.get(Number(lastInsertRowid))
      })
      .immediate()
  }

  get(id: number): StoredLogAnchor {
    return toAnchor(this.#db.prepare('SELECT * FROM log_anchors WHERE id = ?').get(id) as Row)
  }

  /** Anchors sent and not yet seen mined, oldest nonce first. */
  pending(): StoredLogAnchor[] {
    const rows = this.#db
      .prepare("SELECT * FROM log_anchors WHERE state = 'sent' ORDER BY nonce")
      .all() as Row[]
    return rows.map(toAnchor)
  }

  /** The anchor covering the most entries that has not failed (sent or mined), if any. */
  latest(): StoredLogAnchor | undefined {
    const row = this.#db
      .prepare(
        "SELECT * FROM log_anchors WHERE state != 'failed' ORDER BY entries DESC, id DESC LIMIT 1"
      )
      .get() as Row | undefined
    return row && toAnchor(row)
  }

  /** Notes a sent anchor's receipt: mined, or failed (reverted). */
  settle(
    id: number,
    state: 'mined' | 'failed',
    blockNumber: number,
    now: Date = new Date()
  ): StoredLogAnchor {
    this.#db
      .prepare(
        "UPDATE log_anchors SET state = ?, block_number = ?, settled_at = ? WHERE id = ? AND state = 'sent'"
      )
      .run(state, blockNumber, now.toISOString(), id)
    return this.get(id)
  }
}
