import type { Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'

/** Where a record is in its life (see migration 003). */
export type RecordState = 'queued' | 'submitted' | 'anchored' | 'rejected' | 'synced'

/** A record as the local store holds it. `payload` is the encrypted T_I. */
export interface StoredRecord {
  readonly tid: string
  readonly patientId: string
  readonly templateId: number
  readonly templateVersion: number
  readonly authorId: number
  readonly seq: number
  readonly supersedes: string | null
  readonly payload: Buffer
  /** The signed, pseudonymous record the contract sees, as JSON. */
  readonly chainRecord: string
  readonly state: RecordState
  /** The contract's reason code once anchored (0 = accepted). */
  readonly reason: number | null
  readonly batchId: number | null
  readonly leafIndex: number | null
  readonly proof: readonly string[] | null
  readonly createdAt: string
  readonly anchoredAt: string | null
  readonly syncedAt: string | null
}

export type NewRecord = Pick<
  StoredRecord,
  | 'tid'
  | 'patientId'
  | 'templateId'
  | 'templateVersion'
  | 'authorId'
  | 'seq'
  | 'supersedes'
  | 'payload'
  | 'chainRecord'
>

/** A batch transaction the handshaker signed and sent. */
export interface StoredBatch {
  readonly id: number
  readonly nonce: number
  readonly txHash: string
  readonly rawTx: string
  readonly state: 'sent' | 'mined' | 'failed'
  readonly tids: readonly string[]
}

/** A record of a batch as sent, with the address of the clinician who entered it. */
export interface BatchMember {
  readonly tid: string
  /** The signed record as it went into the batch, as JSON. */
  readonly chainRecord: string
  /** The author's Ethereum address, as the users table holds it. */
  readonly authorAddress: string
}

/** One record's outcome in a mined batch: its ACK. */
export interface RecordAck {
  readonly tid: string
  readonly reason: number
  readonly leafIndex: number
  readonly proof: readonly string[]
}

interface RecordRow {
  tid: string
  patient_id: string
  template_id: number
  template_version: number
  author_id: number
  seq: number
  supersedes: string | null
  payload: Buffer
  chain_record: string
  state: RecordState
  reason: number | null
  batch_id: number | null
  leaf_index: number | null
  proof: string | null
  created_at: string
  anchored_at: string | null
  synced_at: string | null
}

const toRecord = (row: RecordRow): StoredRecord => ({
  tid: row.tid,
  patientId: row.patient_id,
  templateId: row.template_id,
  templateVersion: row.template_version,
  authorId: row.author_id,
  seq: row.seq,
  supersedes: row.supersedes,
  payload: row.payload,
  chainRecord: row.chain_record,
  state: row.state,
  reason: row.reason,
  batchId: row.batch_id,
  leafIndex: row.leaf_index,
  proof: row.proof === null ? null : (JSON.parse(row.proof) as string[]),
  createdAt: row.created_at,
  anchoredAt: row.anchored_at,
  syncedAt: row.synced_at
})

/**
 * Records and the chain side of the offline queue. Each method is one SQLite
 * transaction, keyed by tid, so replaying any step after a crash changes
 * nothing that already happened.
 */
export class RecordsRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /**
   * Stores a signed record as `queued`. Inserting the same tid again is a
   * no-op when the row is identical (a replayed step) and a `CONFLICT` when
   * it is not.
   */
  enqueue(record: NewRecord, now: Date = new Date()): StoredRecord {
    return this.#db.transaction(() => {
      const existing = this.find(record.tid)
      if (existing) {
        const same =
          existing.payload.equals(record.payload) && existing.chainRecord === record.chainRecord
        if (!same) throw makeError(`record ${record.tid} already exists`, 'CONFLICT')
        return existing
      }
      this.#db
        .prepare(
          `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq,
                                supersedes, payload, chain_record, state, created_at)
           VALUES (@tid, @patientId, @templateId, @templateVersion, @authorId, @seq,
                   @supersedes, @payload, @chainRecord, 'queued', @createdAt)`
        )
        .run({ ...record, createdAt: now.toISOString() })
      return this.get(record.tid)
    })()
  }

  find(tid: string): StoredRecord | undefined {
    const row = this.#db.prepare('SELECT * FROM records WHERE tid = ?').get(tid) as
      RecordRow | undefined
    return row ? toRecord(row) : undefined
  }

  get(tid: string): StoredRecord {
    const record = this.find(tid)
    if (!record) throw makeError(`no record ${tid}`, 'NOT_FOUND')
    return record
  }

  /** The oldest queued records, at most `limit`: the next batch. */
  queued(limit: number): StoredRecord[] {
    const rows = this.#db
      .prepare("SELECT * FROM records WHERE state = 'queued' ORDER BY created_at, tid LIMIT ?")
      .all(limit) as RecordRow[]
    return rows.map(toRecord)
  }

  /** Every record, newest first. */
  all(): StoredRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM records ORDER BY created_at DESC, tid')
      .all() as RecordRow[]
    return rows.map(toRecord)
  }

  /** A patient's records, newest first. */
  forPatient(patientId: string): StoredRecord[] {
    const rows = this.#db
      .prepare('SELECT * FROM records WHERE patient_id = ? ORDER BY created_at DESC, tid')
      .all(patientId) as RecordRow[]
    return rows.map(toRecord)
  }

  /** How many records are in each state. */
  countByState(): Record<RecordState, number> {
    const counts: Record<RecordState, number> = {
      queued: 0,
      submitted: 0,
      anchored: 0,
      rejected: 0,
      synced: 0
    }
    const rows = this.#db
      .prepare('SELECT state, COUNT(*) AS n FROM records GROUP BY state')
      .all() as { state: RecordState; n: number }[]
    for (const { state, n } of rows) counts[state] = n
    return counts
  }

  /**
   * Creates a batch of queued records and its signed transaction, in one
   * write transaction, before anything is sent. The nonce is the larger of
   * the chain's next nonce and one past the last stored batch or log anchor
   * (the handshaker account sends both), decided under
   * SQLite's write lock, so two processes sharing the handshaker account
   * never sign two transactions with one nonce. `sign` must be synchronous.
   */
  recordBatch(
    sign: (nonce: number) => { txHash: string; rawTx: string },
    tids: readonly string[],
    chainNonce: number,
    now: Date = new Date()
  ): StoredBatch {
    return this.#db
      .transaction(() => {
        // Log anchors (migration 006) are sent from the same account.
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
            `INSERT INTO batches (nonce, tx_hash, raw_tx, tids, state, created_at)
             VALUES (?, ?, ?, ?, 'sent', ?)`
          )
          .run(nonce, txHash, rawTx, JSON.stringify(tids), now.toISOString())
        const id = Number(lastInsertRowid)
        const submit = this.#db.prepare(
          "UPDATE records SET state = 'submitted', batch_id = ? WHERE tid = ? AND state = 'queued'"
        )
        for (const tid of tids) {
          if (submit.run(id, tid).changes !== 1) {
            throw makeError(`record ${tid} is not queued`, 'CONFLICT')
          }
        }
        return this.batch(id)
      })
      .immediate()
  }

  batch(id: number): StoredBatch {
    const row = this.#db.prepare('SELECT * FROM batches WHERE id = ?').get(id) as
      | {
          id: number
          nonce: number
          tx_hash: string
          raw_tx: string
          tids: string
          state: StoredBatch['state']
        }
      | undefined
    if (!row) throw makeError(`no batch ${id}`, 'NOT_FOUND')
    return {
      id: row.id,
      nonce: row.nonce,
      txHash: row.tx_hash,
      rawTx: row.raw_tx,
      state: row.state,
      tids: JSON.parse(row.tids) as string[]
    }
  }

  /**
   * The records of a batch in the order they were sent, each with its author's
   * address: one query for the whole batch, since the handshaker reads every
   * batch back once mined.
   */
  batchMembers(batch: StoredBatch): BatchMember[] {
    const rows = this.#db
      .prepare(
        `SELECT r.tid AS tid, r.chain_record AS chainRecord, u.address AS authorAddress
         FROM json_each(?) AS t
         JOIN records r ON r.tid = t.value
         JOIN users u ON u.id = r.author_id
         ORDER BY t.key`
      )
      .all(JSON.stringify(batch.tids)) as BatchMember[]
    if (rows.length !== batch.tids.length) {
      throw makeError(`batch ${batch.id} names records the store does not hold`, 'INTERNAL')
    }
    return rows
  }

  /** Batches sent but not yet seen mined: what to re-send or look up after a restart. */
  pendingBatches(): StoredBatch[] {
    const ids = this.#db
      .prepare("SELECT id FROM batches WHERE state = 'sent' ORDER BY nonce")
      .all() as { id: number }[]
    return ids.map(({ id }) => this.batch(id))
  }

  /**
   * Writes the ACKs of a mined batch: accepted records become `anchored` and
   * enter the cloud outbox, refused ones become `rejected` with their reason.
   * Applying the same ACKs again changes nothing.
   */
  applyAcks(
    batchId: number,
    mined: { chainBatch: number; blockNumber: number },
    acks: readonly RecordAck[],
    now: Date = new Date()
  ): void {
    this.#db.transaction(() => {
      const batch = this.batch(batchId)
      if (batch.state === 'mined') return
      const at = now.toISOString()
      this.#db
        .prepare(
          `UPDATE batches SET state = 'mined', chain_batch = ?, block_number = ?, mined_at = ?
           WHERE id = ?`
        )
        .run(mined.chainBatch, mined.blockNumber, at, batchId)
      const ack = this.#db.prepare(
        `UPDATE records SET state = ?, reason = ?, leaf_index = ?, proof = ?, anchored_at = ?
         WHERE tid = ? AND batch_id = ? AND state = 'submitted'`
      )
      const outbox = this.#db.prepare(
        'INSERT OR IGNORE INTO cloud_outbox (tid, next_attempt_at) VALUES (?, ?)'
      )
      for (const a of acks) {
        const state = a.reason === 0 ? 'anchored' : 'rejected'
        const { changes } = ack.run(
          state,
          a.reason,
          a.leafIndex,
          JSON.stringify(a.proof),
          at,
          a.tid,
          batchId
        )
        if (changes !== 1) throw makeError(`record ${a.tid} is not in batch ${batchId}`, 'CONFLICT')
        if (a.reason === 0) outbox.run(a.tid, at)
      }
    })()
  }

  /**
   * A batch transaction that will never be mined (dropped, replaced, reverted):
   * its records go back to the queue to be sent again in a new batch.
   */
  failBatch(batchId: number, error: string): void {
    this.#db.transaction(() => {
      this.#db
        .prepare("UPDATE batches SET state = 'failed', error = ? WHERE id = ? AND state = 'sent'")
        .run(error.slice(0, 500), batchId)
      this.#db
        .prepare(
          "UPDATE records SET state = 'queued', batch_id = NULL WHERE batch_id = ? AND state = 'submitted'"
        )
        .run(batchId)
    })()
  }

  /** Which of `tids` wait in this workstation's outbox for the cloud. */
  waitingForCloud(tids: readonly string[]): Set<string> {
    if (tids.length === 0) return new Set()
    const rows = this.#db
      .prepare('SELECT tid FROM cloud_outbox WHERE tid IN (SELECT value FROM json_each(?))')
      .all(JSON.stringify(tids)) as { tid: string }[]
    return new Set(rows.map((row) => row.tid))
  }

  /** How many anchored records wait for the cloud. */
  cloudBacklog(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM cloud_outbox').get() as { n: number }).n
  }
}
