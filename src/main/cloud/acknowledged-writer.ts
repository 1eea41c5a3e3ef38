import type { Kysely } from 'kysely'
import { makeError } from '../../shared/errors'
import type { SqlFamily } from './cloud-target'
import type { CloudDatabase } from './schema/tables'

/** One tid whose stored record differs from the one offered: nothing was written for it. */
export interface RecordConflict {
  readonly tid: string
  /** The fields that differ (names only: never values, which may be PHI ciphertext). */
  readonly fields: readonly string[]
}

/** What a batched write did, tid by tid. */
export interface WriteResult {
  /** Written now, in the order given. */
  readonly inserted: readonly string[]
  /** Already there, identical (a replay): left as they were. */
  readonly unchanged: readonly string[]
  /** Already there, different: left as they were, and reported (unless replacing). */
  readonly conflicts: readonly RecordConflict[]
  /** Already there, different, and rewritten (a restore only). */
  readonly replaced?: readonly string[]
}

/** How one table's rows are written and compared. */
export interface AcknowledgedTable<Parsed extends { tid: string }, Stored, Row> {
  readonly table: 'records' | 'rejected_records'
  /** The meta row holding the table's last `cloud_seq`; writers lock it first. */
  readonly sequence: string
  toRow(parsed: Parsed, cloudSeq: number, syncedAt: string): Row
  fromRow(row: Row): Stored
  differences(stored: Stored, incoming: Parsed): string[]
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}

/**
 * Locks the table's sequence row and answers its value. Every writer takes
 * this lock before anything else and holds it until it commits, so writers
 * take turns: sequence values are handed out in commit order, and a reader
 * never sees a larger one committed before a smaller one (see
 * docs/CLOUD.md, "The pull cursor"). SQLite's IMMEDIATE transaction is
 * already the database-wide write lock.
 */
async function lockSequence(
  trx: Kysely<CloudDatabase>,
  family: SqlFamily,
  name: string
): Promise<number> {
  const query = trx.selectFrom('mediblock_meta').select('int_value').where('name', '=', name)
  const row = await (family === 'sqlite' ? query : query.forUpdate()).executeTakeFirst()
  if (!row) {
    throw makeError(
      `the cloud database lacks its ${name} row: its schema needs migrating`,
      'NOT_CONFIGURED'
    )
  }
  return Number(row.int_value ?? 0)
}

/**
 * Writes parsed rows in one transaction, idempotently by tid: a new tid is
 * inserted with the next sequence value, a tid already stored with the same
 * content is left alone (a replay changes nothing), and one stored with
 * different content is left alone and reported as a conflict. Later
 * duplicates within `rows` are judged against the first.
 */
export async function writeAcknowledged<Parsed extends { tid: string }, Stored, Row>(
  db: Kysely<CloudDatabase>,
  family: SqlFamily,
  rowsPerStatement: number,
  spec: AcknowledgedTable<Parsed, Stored, Row>,
  rows: readonly Parsed[],
  syncedAt: string,
  /** Rewrite a differing stored row (a restore, after the row was proven damaged). */
  replace = false
): Promise<WriteResult> {
  if (rows.length === 0) return { inserted: [], unchanged: [], conflicts: [] }
  return db
    .transaction()
    .setIsolationLevel('read committed')
    .execute(async (trx) => {
      let last = await lockSequence(trx, family, spec.sequence)
      if (replace) {
        // Rows written behind the writers' backs (a forger's) may sit above the
        // sequence; a restore's rows go after every one of them.
        const high = await trx
          .selectFrom(spec.table)
          .select((eb) => eb.fn.max('cloud_seq').as('high'))
          .executeTakeFirst()
        last = Math.max(last, Number(high?.high ?? 0))
      }
      const known = new Map<string, Stored>()
      // Rows written by this call, turned into their stored form only when a
      // later duplicate in `rows` has to be compared with one (rare): doing
      // it for every new row (a copy of the row, its proof parsed back) cost
      // ~5 % of a push (bench:sync).
      const written = new Map<string, Row>()
      const storedAs = (tid: string): Stored | undefined => {
        const row = written.get(tid)
        if (row === undefined) return known.get(tid)
        const stored = spec.fromRow(row)
        known.set(tid, stored)
        written.delete(tid)
        return stored
      }
      const tids = [...new Set(rows.map((r) => r.tid))]
      for (const chunk of chunks(tids, rowsPerStatement)) {
        const stored = await trx
          .selectFrom(spec.table)
          .selectAll()
          .where('tid', 'in', chunk)
          .execute()
        for (const row of stored) known.set(row.tid, spec.fromRow(row as Row))
      }
      const inserted: string[] = []
      const unchanged: string[] = []
      const conflicts: RecordConflict[] = []
      const replaced: string[] = []
      const fresh: Row[] = []
      const reported = new Set<string>()
      for (const row of rows) {
        const stored = storedAs(row.tid)
        if (stored === undefined) {
          const newRow = spec.toRow(row, ++last, syncedAt)
          fresh.push(newRow)
          written.set(row.tid, newRow)
          inserted.push(row.tid)
          reported.add(row.tid)
          continue
        }
        const fields = spec.differences(stored, row)
        if (fields.length > 0 && replace && !reported.has(row.tid)) {
          // A new sequence value: every workstation's pull sees the row again.
          await trx.deleteFrom(spec.table).where('tid', '=', row.tid).execute()
          const newRow = spec.toRow(row, ++last, syncedAt)
          fresh.push(newRow)
          known.delete(row.tid)
          written.set(row.tid, newRow)
          replaced.push(row.tid)
        } else if (fields.length > 0) conflicts.push({ tid: row.tid, fields })
        else if (!reported.has(row.tid)) unchanged.push(row.tid)
        reported.add(row.tid)
      }
      for (const chunk of chunks(fresh, rowsPerStatement)) {
        // The table's Row type is the table's; Kysely cannot tell which of two.
        await trx
          .insertInto(spec.table)
          .values(chunk as never)
          .execute()
      }
      if (fresh.length > 0) {
        await trx
          .updateTable('mediblock_meta')
          .set({ int_value: last })
          .where('name', '=', spec.sequence)
          .execute()
      }
      return replace
        ? { inserted, unchanged, conflicts, replaced }
        : { inserted, unchanged, conflicts }
    })
}
