import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog, entryHash, type AuditEntry } from '../../../src/main/audit/audit-log'
import { checkSecurityLog, type ChainLogAnchor } from '../../../src/main/audit/verify-security-log'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'

/** A log of `n` entries in a real store, its entries, and an anchor at any position. */
function log(n: number) {
  const path = join(tempDir(), 'local.db')
  const store = LocalStore.open(path)
  for (let i = 1; i <= n; i++) store.auditLog.append({ actor: 'ana', action: `a${i}` })
  const entries = () => [...store.auditLog.entries()]
  const anchorAt = (seq: number, blockNumber = seq): ChainLogAnchor => ({
    entries: seq,
    head: store.auditLog.entry(seq)?.hash ?? '',
    blockNumber,
    txHash: `0x${String(seq).padStart(64, '0')}`
  })
  return { path, store, entries, anchorAt }
}

/** Rewrites the log past its triggers: `edit` gets every row and answers the new ones. */
function rewrite(path: string, edit: (entries: AuditEntry[]) => AuditEntry[]): AuditEntry[] {
  const db = new BetterSqlite3(path)
  db.exec(
    'DROP TRIGGER IF EXISTS audit_log_append_only_update; DROP TRIGGER IF EXISTS audit_log_append_only_delete'
  )
  const rows = edit([...new AuditLog(db).entries()])
  db.exec('DELETE FROM audit_log')
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @subject, @detail, @prevHash, @hash)`
  )
  for (const r of rows) insert.run({ ...r, detail: JSON.stringify(r.detail) })
  const after = [...new AuditLog(db).entries()]
  db.close()
  return after
}

/** Re-chains entries from `from` on, as a forger who knows the hash function does. */
function rehash(rows: AuditEntry[]): AuditEntry[] {
  let prev = `0x${'0'.repeat(64)}`
  return rows.map((r) => {
    const next = { ...r, prevHash: prev }
    const hashed = { ...next, hash: entryHash(next) }
    prev = hashed.hash
    return hashed
  })
}

describe('checking the security log against itself and its anchors', () => {
  it('proves the entries up to the last matching anchor and names the rest', () => {
    const { entries, anchorAt } = log(12)
    const check = checkSecurityLog(entries(), [anchorAt(5), anchorAt(10)])
    expect(check).toMatchObject({
      ok: true,
      entries: 12,
      lastSeq: 12,
      broken: [],
      anchoredThrough: 10,
      unanchored: { from: 11, to: 12 }
    })
    expect(check.anchors.map((a) => [a.entries, a.matches])).toEqual([
      [5, true],
      [10, true]
    ])
    expect(checkSecurityLog(entries(), [anchorAt(12)]).unanchored).toBeNull()
    expect(checkSecurityLog(entries(), [])).toMatchObject({
      ok: true,
      anchoredThrough: 0,
      unanchored: { from: 1, to: 12 }
    })
  })

  it('finds an entry edited in place (its hash no longer fits it)', () => {
    const { path, anchorAt, entries } = log(8)
    const anchors = [anchorAt(6)]
    const edited = rewrite(path, (rows) =>
      rows.map((r) => (r.seq === 3 ? { ...r, actor: 'eve' } : r))
    )
    const check = checkSecurityLog(edited, anchors)
    expect(check.ok).toBe(false)
    expect(check.broken).toEqual([
      expect.objectContaining({ from: 3, to: 3, kind: 'altered' }) as unknown
    ])
    // The anchor still matches (entry 6 kept its hash), but proves nothing below the break.
    expect(check.anchors[0]?.matches).toBe(true)
    expect(check.anchoredThrough).toBe(0)
    expect(entries()).toHaveLength(8)
  })

  it('finds a log rewritten hashes and all, which the local chain alone cannot', () => {
    const { path, anchorAt } = log(8)
    const anchors = [anchorAt(2), anchorAt(6)]
    const forged = rewrite(path, (rows) =>
      rehash(rows.map((r) => (r.seq === 4 ? { ...r, action: 'nothing-to-see' } : r)))
    )
    const check = checkSecurityLog(forged, anchors)
    expect(check.ok).toBe(false)
    expect(check.broken).toEqual([
      expect.objectContaining({ from: 3, to: 6, kind: 'not-as-anchored' }) as unknown
    ])
    expect(check.anchors.map((a) => a.matches)).toEqual([true, false])
    expect(check.anchoredThrough).toBe(2)
  })

  it('finds entries removed from the middle, and from the end past an anchor', () => {
    const { path, anchorAt } = log(9)
    const anchors = [anchorAt(9)]
    const holes = rewrite(path, (rows) => rows.filter((r) => r.seq !== 4 && r.seq !== 5))
    expect(checkSecurityLog(holes, anchors).broken).toEqual([
      expect.objectContaining({ from: 4, to: 5, kind: 'missing' }) as unknown
    ])
    const other = log(9)
    const lastAnchor = other.anchorAt(9)
    const cut = rewrite(other.path, (rows) => rows.filter((r) => r.seq <= 6))
    const check = checkSecurityLog(cut, [lastAnchor])
    expect(check).toMatchObject({ ok: false, lastSeq: 6, anchoredThrough: 0 })
    expect(check.broken).toEqual([
      expect.objectContaining({ from: 7, to: 9, kind: 'missing' }) as unknown
    ])
    expect(check.anchors[0]).toMatchObject({ matches: false, found: null })
  })

  it('finds an entry removed and the rest renumbered and rehashed', () => {
    const { path, anchorAt } = log(6)
    const anchors = [anchorAt(6)]
    const renumbered = rewrite(path, (rows) =>
      rehash(rows.filter((r) => r.seq !== 2).map((r, i) => ({ ...r, seq: i + 1 })))
    )
    const check = checkSecurityLog(renumbered, anchors)
    expect(check.ok).toBe(false)
    expect(check.broken[0]).toMatchObject({ from: 6, to: 6, kind: 'missing' })
  })
})
