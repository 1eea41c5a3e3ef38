import { makeError } from '../../shared/errors'

/**
 * Where a workstation is in the cloud's stream of records: opaque to the
 * caller, who stores it and hands it back. It names the database it belongs
 * to, so a cursor kept from another cloud database is refused rather than
 * skipping or repeating records. `null` starts from the beginning.
 */
export type PullCursor = string

const FORMAT = /^v1:([0-9a-f-]{36}):(\d{1,15})$/

/** The cursor at `seq` in the database `databaseId`. */
export function encodeCursor(databaseId: string, seq: number): PullCursor {
  return `v1:${databaseId}:${seq}`
}

/** The sequence position a cursor stands at; `INVALID_ARGUMENT` or `CONFLICT` when it does not fit. */
export function decodeCursor(cursor: PullCursor | null, databaseId: string): number {
  if (cursor === null) return 0
  const match = FORMAT.exec(cursor)
  if (!match) throw makeError('a pull cursor is malformed', 'INVALID_ARGUMENT')
  if (match[1] !== databaseId) {
    throw makeError(
      'the pull cursor belongs to another cloud database (it was replaced or reconfigured); ' +
        'pull again from the start',
      'CONFLICT',
      { databaseId }
    )
  }
  return Number(match[2])
}

/**
 * Where the next pull starts. `high` is the last sequence value handed out,
 * read *before* the page: everything up to it was committed, so when the
 * page was not full, every row up to it that the filter lets through is in
 * the page, and the cursor may move past the workstation's own rows there.
 */
export function nextCursorSeq(
  from: number,
  high: number,
  pageSeqs: readonly number[],
  limit: number
): { readonly seq: number; readonly more: boolean } {
  const last = pageSeqs.at(-1)
  if (pageSeqs.length >= limit && last !== undefined) return { seq: last, more: true }
  return { seq: Math.max(from, high, last ?? from), more: false }
}
