import type { Database } from 'better-sqlite3'
import type { RecordState } from './records-repo'

/** A record's state as a watcher of the queue sees it. */
export interface RecordStateRow {
  readonly tid: string
  readonly patientId: string
  readonly state: RecordState
  readonly reason: number | null
  readonly templateId: number
  readonly templateVersion: number
}

/** One waiting or refused record, as the queue screen lists it (no payload: no PHI). */
export interface QueueRow {
  readonly tid: string
  readonly patientId: string
  readonly templateId: number
  readonly templateVersion: number
  readonly author: string
  readonly state: 'queued' | 'submitted' | 'anchored' | 'rejected'
  readonly reason: number | null
  readonly createdAt: string
  readonly attempts: number
  readonly nextAttemptAt: string | null
  readonly lastError: string | null
}

/** One row of a patient's timeline: a record of this workstation's or one pulled (verified). */
export interface TimelineRow {
  readonly tid: string
  readonly patientId: string
  readonly templateId: number
  readonly templateVersion: number
  /** The author's username (own records: by their user row; pulled ones: as signed). */
  readonly author: string
  readonly authorName: string | null
  readonly payload: Buffer
  readonly state: RecordState
  readonly reason: number | null
  readonly createdAt: string
  readonly anchoredAt: string | null
  readonly syncedAt: string | null
  /** The other workstation's id for a pulled record; null for this one's. */
  readonly workstationId: string | null
}

const STATE_ROWS = `
  SELECT r.tid, r.patient_id AS patientId, r.state, r.reason,
         r.template_id AS templateId, r.template_version AS templateVersion
  FROM json_each(?) AS t JOIN records r ON r.tid = t.value`

/** Own records and pulled ones, as timeline rows, each side filtered by its own condition. */
const timelineRows = (own: string, pulled: string) => `
  SELECT * FROM (
    SELECT r.tid, r.patient_id AS patientId, r.template_id AS templateId,
           r.template_version AS templateVersion, u.username AS author,
           u.display_name AS authorName, r.payload, r.state, r.reason,
           r.created_at AS createdAt, r.anchored_at AS anchoredAt, r.synced_at AS syncedAt,
           NULL AS workstationId
    FROM records r JOIN users u ON u.id = r.author_id
    WHERE ${own}
    UNION ALL
    SELECT p.tid, p.patient_id, p.template_id, p.template_version, p.author,
           (SELECT display_name FROM users WHERE username = p.author), p.payload, 'synced', 0,
           p.created_at, p.anchored_at, p.pulled_at, p.workstation_id
    FROM pulled_records p
    WHERE ${pulled}
  )`

/**
 * Reads of the records and the offline queue that the screens need: a
 * patient's timeline a page at a time, the queue with its failures, and the
 * states of records someone is waiting on. The writes stay with the
 * records and sync repositories; the one write here (retry) only moves a
 * due time.
 */
export class QueueRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /** Records whose state may still change: waiting for the ledger or for the cloud. */
  unsettled(): { tid: string; state: RecordState }[] {
    return this.#db
      .prepare("SELECT tid, state FROM records WHERE state IN ('queued', 'submitted', 'anchored')")
      .all() as { tid: string; state: RecordState }[]
  }

  /** The current state of each of `tids` (unknown tids are left out). */
  statesOf(tids: readonly string[]): RecordStateRow[] {
    return this.#db.prepare(STATE_ROWS).all(JSON.stringify(tids)) as RecordStateRow[]
  }

  /** How many records wait for the ledger (queued, or sent and not mined). */
  ledgerDepth(): number {
    return (
      this.#db
        .prepare("SELECT COUNT(*) AS n FROM records WHERE state IN ('queued', 'submitted')")
        .get() as { n: number }
    ).n
  }

  /**
   * The queue, oldest first within each stage: waiting for the ledger, then
   * on chain and waiting for the cloud (with the last error), then refused;
   * at most `limit` rows in all.
   */
  items(limit: number): QueueRow[] {
    return this.#db
      .prepare(
        `SELECT * FROM (
           SELECT r.tid, r.patient_id AS patientId, r.template_id AS templateId,
                  r.template_version AS templateVersion, u.username AS author, r.state,
                  r.reason, r.created_at AS createdAt,
                  COALESCE(o.attempts, 0) AS attempts, o.next_attempt_at AS nextAttemptAt,
                  o.last_error AS lastError,
                  CASE r.state WHEN 'rejected' THEN 2 WHEN 'anchored' THEN 1 ELSE 0 END AS stage
           FROM records r
           JOIN users u ON u.id = r.author_id
           LEFT JOIN cloud_outbox o ON o.tid = r.tid
           WHERE r.state IN ('queued', 'submitted', 'rejected')
              OR (r.state = 'anchored' AND o.tid IS NOT NULL))
         ORDER BY stage, createdAt, tid
         LIMIT ?`
      )
      .all(limit) as QueueRow[]
  }

  /**
   * Makes cloud writes due now (all waiting ones, or those of `tids`);
   * answers how many. Attempts are kept: the backoff resumes from them if
   * the cloud is still down.
   */
  retryCloud(tids?: readonly string[], now: Date = new Date()): number {
    const at = now.toISOString()
    if (!tids) {
      return this.#db.prepare('UPDATE cloud_outbox SET next_attempt_at = ?').run(at).changes
    }
    return this.#db
      .prepare(
        'UPDATE cloud_outbox SET next_attempt_at = ? WHERE tid IN (SELECT value FROM json_each(?))'
      )
      .run(at, JSON.stringify(tids)).changes
  }

  /**
   * A page of a patient's timeline, newest first: their records (this
   * workstation's and pulled ones) created before `before` (exclusive).
   */
  timeline(
    patientId: string,
    limit: number,
    before?: { createdAt: string; tid: string }
  ): TimelineRow[] {
    const where = before
      ? 'WHERE createdAt < @createdAt OR (createdAt = @createdAt AND tid < @tid)'
      : ''
    return this.#db
      .prepare(
        `${timelineRows('r.patient_id = @patientId', 'p.patient_id = @patientId')} ${where}
         ORDER BY createdAt DESC, tid DESC LIMIT @limit`
      )
      .all({ patientId, limit, ...(before ?? {}) }) as TimelineRow[]
  }

  /** A patient's records of one template (every version), oldest first, for charts. */
  timelineOfTemplate(patientId: string, templateId: number): TimelineRow[] {
    return this.#db
      .prepare(
        `${timelineRows(
          'r.patient_id = @patientId AND r.template_id = @templateId',
          'p.patient_id = @patientId AND p.template_id = @templateId'
        )} ORDER BY createdAt, tid`
      )
      .all({ patientId, templateId }) as TimelineRow[]
  }

  /** One record of the timeline by tid, this workstation's or pulled. */
  timelineRow(tid: string): TimelineRow | undefined {
    return this.#db.prepare(timelineRows('r.tid = @tid', 'p.tid = @tid')).get({ tid }) as
      TimelineRow | undefined
  }

  /** The newest record correcting each of `tids` (this workstation's), by the tid it corrects. */
  correctionsOf(tids: readonly string[]): Map<string, string> {
    const rows = this.#db
      .prepare(
        `SELECT r.supersedes AS corrected, r.tid FROM records r
         WHERE r.supersedes IN (SELECT value FROM json_each(?))
         ORDER BY r.created_at`
      )
      .all(JSON.stringify(tids)) as { corrected: string; tid: string }[]
    return new Map(rows.map((r) => [r.corrected, r.tid]))
  }
}
