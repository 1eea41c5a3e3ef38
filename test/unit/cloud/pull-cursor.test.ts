import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeCursor, encodeCursor, nextCursorSeq } from '../../../src/main/cloud/pull-cursor'
import { thrown } from '../../support/thrown'

const DB = '0b7f6a7e-3c1f-4f5e-9a55-0f0c8b6f2a11'
const OTHER = '9d1e7c52-58a4-4b36-8b64-6a1d4c3f2e00'

describe('pull cursor', () => {
  it('round-trips, and starts at 0 for null', () => {
    expect(decodeCursor(null, DB)).toBe(0)
    expect(decodeCursor(encodeCursor(DB, 4711), DB)).toBe(4711)
  })

  it('refuses a malformed cursor and one from another database', () => {
    expect(thrown(() => decodeCursor('v1:nope', DB)).code).toBe('INVALID_ARGUMENT')
    const foreign = thrown(() => decodeCursor(encodeCursor(OTHER, 3), DB))
    expect(foreign.code).toBe('CONFLICT')
    expect(foreign.message).toMatch(/belongs to another cloud database/)
  })

  it('stops at a full page, and moves to the high-water mark past a short one', () => {
    expect(nextCursorSeq(10, 50, [11, 12, 13], 3)).toEqual({ seq: 13, more: true })
    expect(nextCursorSeq(10, 50, [11, 12], 3)).toEqual({ seq: 50, more: false })
    expect(nextCursorSeq(10, 50, [], 3)).toEqual({ seq: 50, more: false })
    // A row committed between the high-water read and the page: still no gap.
    expect(nextCursorSeq(10, 50, [51], 3)).toEqual({ seq: 51, more: false })
  })

  it('hands every other workstation’s row to a reader exactly once, in order, whatever the paging', () => {
    // Rows are committed in cloud_seq order (writers take turns on a lock);
    // between pulls more rows may commit. The reader filters out its own.
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 0, maxLength: 60 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 9 })), {
          minLength: 1,
          maxLength: 80
        }),
        (own, pulls) => {
          const rows = own.map((mine, i) => ({ seq: i + 1, mine }))
          let committed = 0
          let cursor = 0
          const seen: number[] = []
          const pull = (limit: number) => {
            const high = committed
            const page = rows
              .filter((r) => r.seq > cursor && r.seq <= committed && !r.mine)
              .slice(0, limit)
              .map((r) => r.seq)
            seen.push(...page)
            return nextCursorSeq(cursor, high, page, limit)
          }
          for (const [limit, newlyCommitted] of pulls) {
            committed = Math.min(rows.length, committed + newlyCommitted)
            cursor = pull(limit).seq
          }
          committed = rows.length
          for (let guard = 0; guard < 100; guard++) {
            const next = pull(3)
            cursor = next.seq
            if (!next.more) break
          }
          expect(seen).toEqual(rows.filter((r) => !r.mine).map((r) => r.seq))
        }
      )
    )
  })
})
