import type { Database } from 'better-sqlite3'

/** An acknowledged record of this workstation, with everything its cloud row needs. */
export interface OutgoingRecord {
  readonly tid: string
  readonly templateId: number
  readonly templateVersion: number
  readonly seq: number
  readonly supersedes: string | null
  readonly reason: number
  readonly payload: Buffer
  readonly chainRecord: string
  readonly leafIndex: number
  readonly proof: string
  readonly createdAt: string
  readonly anchoredAt: string
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly clinician: string
  readonly patientPseudonym: string
  /** Failed attempts so far (the outbox's; 0 for refused records). */
  readonly attempts: number
}

/** A record another workstation wrote, verified against the chain, as kept here. */
export interface PulledRecord {
  readonly tid: string
  readonly workstationId: string
  readonly patientId: string
  readonly templateId: number
  readonly templateVersion: number
  readonly clinician: string
  readonly author: string
  readonly payload: Buffer
  readonly chainRecord: string
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly leafIndex: number
  readonly proof: string
  readonly createdAt: string
  readonly anchoredAt: string
  readonly pulledAt: string
}

/** A pulled row that did not verify, and why; it was not imported. */
export interface SyncProblem {
  readonly tid: string
  readonly workstationId: string
  readonly kind: string
  readonly detail: string
  readonly seenAt: string
}

const OUTGOING = `
  SELECT r.tid, r.template_id AS templateId, r.template_version AS templateVersion, r.seq,
         r.supersedes, r.reason, r.payload, r.chain_record AS chainRecord,
         r.leaf_index AS leafIndex, r.proof, r.created_at AS createdAt,
         r.anchored_at AS anchoredAt, b.chain_batch AS chainBatch, b.tx_hash AS txHash,
         b.block_number AS blockNumber, u.address AS clinician,
         p.pseudonym AS patientPseudonym`

const PULLED = `
  SELECT tid, workstation_id AS workstationId, patient_id AS patientId,
         template_id AS templateId, template_version AS templateVersion, clinician, author,
         payload, chain_record AS chainRecord, chain_batch AS chainBatch, tx_hash AS txHash,
         block_number AS blockNumber, leaf_index AS leafIndex, proof,
         created_at AS createdAt, anchored_at AS anchoredAt, pulled_at AS pulledAt
  FROM pulled_records`

/**
 * The local side of cloud sync: which acknowledged records still have to
 * reach the cloud (the outbox, with its backoff), which refusals still have
 * to reach its audit table, and what came back from other workstations.
 */
export class SyncRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /** Outbox records due by `now`, oldest first (a registration before its patient's records). */
  dueForCloud(limit: number, now: Date = new Date()): OutgoingRecord[] {
    return this.#db
      .prepare(
        `${OUTGOING}, o.attempts
         FROM cloud_outbox o
         JOIN records r ON r.tid = o.tid
         JOIN batches b ON b.id = r.batch_id
         JOIN users u ON u.id = r.author_id
         JOIN patients p ON p.id = r.patient_id
         WHERE o.next_attempt_at <= ?
         ORDER BY r.created_at, r.tid
         LIMIT ?`
      )
      .all(now.toISOString(), limit) as OutgoingRecord[]
  }

  /** This workstation's own acknowledged record `tid` (anchored or synced, or refused), as pushed. */
  outgoing(tid: string): OutgoingRecord | undefined {
    return this.#db
      .prepare(
        `${OUTGOING}, 0 AS attempts
         FROM records r
         JOIN batches b ON b.id = r.batch_id
         JOIN users u ON u.id = r.author_id
         JOIN patients p ON p.id = r.patient_id
         WHERE r.tid = ? AND r.state IN ('anchored', 'synced', 'rejected')`
      )
      .get(tid) as OutgoingRecord | undefined
  }

  /** Records written to the cloud: `synced`, and out of the outbox, in one transaction. */
  markSynced(tids: readonly string[], now: Date = new Date()): void {
    const at = now.toISOString()
    const synced = this.#db.prepare(
      "UPDATE records SET state = 'synced', synced_at = ? WHERE tid = ? AND state = 'anchored'"
    )
    const done = this.#db.prepare('DELETE FROM cloud_outbox WHERE tid = ?')
    this.#db.transaction(() => {
      for (const tid of tids) {
        synced.run(at, tid)
        done.run(tid)
      }
    })()
  }

  /** Records the cloud did not take this time: tried again at `retryAt(attempts)`. */
  deferCloud(tids: readonly string[], error: string, retryAt: (attempts: number) => Date): void {
    const attemptsOf = this.#db.prepare('SELECT attempts FROM cloud_outbox WHERE tid = ?')
    const defer = this.#db.prepare(
      `UPDATE cloud_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?
       WHERE tid = ?`
    )
    this.#db.transaction(() => {
      for (const tid of tids) {
        const row = attemptsOf.get(tid) as { attempts: number } | undefined
        if (row) defer.run(retryAt(row.attempts + 1).toISOString(), error.slice(0, 500), tid)
      }
    })()
  }

  /** The outbox: how many wait, how many have failed at least once, and when the next is due. */
  outboxState(): { waiting: number; failing: number; nextAttemptAt: string | null } {
    return this.#db
      .prepare(
        `SELECT COUNT(*) AS waiting,
                COALESCE(SUM(attempts > 0), 0) AS failing,
                MIN(next_attempt_at) AS nextAttemptAt
         FROM cloud_outbox`
      )
      .get() as { waiting: number; failing: number; nextAttemptAt: string | null }
  }

  /** Refused records not yet in the cloud's audit table, oldest first. */
  pendingRejections(limit: number): OutgoingRecord[] {
    return this.#db
      .prepare(
        `${OUTGOING}, 0 AS attempts
         FROM records r
         JOIN batches b ON b.id = r.batch_id
         JOIN users u ON u.id = r.author_id
         JOIN patients p ON p.id = r.patient_id
         WHERE r.state = 'rejected' AND r.audit_synced_at IS NULL
         ORDER BY r.created_at, r.tid
         LIMIT ?`
      )
      .all(limit) as OutgoingRecord[]
  }

  markRejectionsSynced(tids: readonly string[], now: Date = new Date()): void {
    const mark = this.#db.prepare('UPDATE records SET audit_synced_at = ? WHERE tid = ?')
    this.#db.transaction(() => {
      for (const tid of tids) mark.run(now.toISOString(), tid)
    })()
  }

  /** `true` when the tid is known here: written here, or pulled before. */
  knows(tid: string): boolean {
    return (
      this.#db
        .prepare(
          'SELECT 1 FROM records WHERE tid = ? UNION ALL SELECT 1 FROM pulled_records WHERE tid = ?'
        )
        .get(tid, tid) !== undefined
    )
  }

  /** Keeps a verified record of another workstation (again: nothing changes). */
  insertPulled(record: PulledRecord): void {
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO pulled_records
           (tid, workstation_id, patient_id, template_id, template_version, clinician, author,
            payload, chain_record, chain_batch, tx_hash, block_number, leaf_index, proof,
            created_at, anchored_at, pulled_at)
         VALUES (@tid, @workstationId, @patientId, @templateId, @templateVersion, @clinician,
                 @author, @payload, @chainRecord, @chainBatch, @txHash, @blockNumber, @leafIndex,
                 @proof, @createdAt, @anchoredAt, @pulledAt)`
      )
      .run(record)
  }

  /** A patient learnt from another workstation's verified registration record. */
  insertPulledPatient(patient: {
    id: string
    pseudonym: string
    phi: Buffer
    createdBy: number
    createdAt: string
    originWorkstation: string
  }): void {
    this.#db
      .prepare(
        `INSERT OR IGNORE INTO patients (id, pseudonym, phi, created_by, created_at, origin_workstation)
         VALUES (@id, @pseudonym, @phi, @createdBy, @createdAt, @originWorkstation)`
      )
      .run(patient)
  }

  /** Records pulled from other workstations, newest first; of one patient when given. */
  pulled(patientId?: string): PulledRecord[] {
    return this.#db
      .prepare(
        `${PULLED} ${patientId === undefined ? '' : 'WHERE patient_id = @patientId'}
         ORDER BY created_at DESC, tid`
      )
      .all(patientId === undefined ? {} : { patientId }) as PulledRecord[]
  }

  findPulled(tid: string): PulledRecord | undefined {
    return this.#db.prepare(`${PULLED} WHERE tid = ?`).get(tid) as PulledRecord | undefined
  }

  /** Names a pulled row that did not verify (the latest finding per tid). */
  addProblem(problem: SyncProblem): void {
    this.#db
      .prepare(
        `INSERT INTO sync_problems (tid, workstation_id, kind, detail, seen_at)
         VALUES (@tid, @workstationId, @kind, @detail, @seenAt)
         ON CONFLICT (tid) DO UPDATE SET kind = excluded.kind, detail = excluded.detail,
                                         seen_at = excluded.seen_at`
      )
      .run(problem)
  }

  problems(): SyncProblem[] {
    return this.#db
      .prepare(
        `SELECT tid, workstation_id AS workstationId, kind, detail, seen_at AS seenAt
         FROM sync_problems ORDER BY seen_at, tid`
      )
      .all() as SyncProblem[]
  }
}
