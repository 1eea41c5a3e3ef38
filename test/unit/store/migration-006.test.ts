import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog } from '../../../src/main/audit/audit-log'
import { migrate } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'

describe('migration 006 (log anchors)', () => {
  it('migrates a version-5 store with a log and sent batches, keeping every row', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 5))
    const log = new AuditLog(db)
    for (const action of ['login', 'patient.viewed', 'record.signed']) {
      log.append({ actor: 'ana', action })
    }
    db.prepare(
      `INSERT INTO batches (nonce, tx_hash, raw_tx, tids, state, created_at)
       VALUES (7, '0xt', '0xraw', '[]', 'mined', 'now')`
    ).run()
    const dump = () => ['audit_log', 'batches'].map((t) => db.prepare(`SELECT * FROM ${t}`).all())
    const before = dump()

    expect(migrate(db, MIGRATIONS.slice(0, 6))).toEqual({ from: 5, to: 6 })

    expect(dump()).toEqual(before)
    expect(log.verify()).toMatchObject({ ok: true, entries: 3 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM log_anchors').get()).toEqual({ n: 0 })
    // A new anchor takes the nonce after the batches' (the account is shared).
    const anchor = log.anchors.record(
      (nonce) => ({ txHash: `0xa${nonce}`, rawTx: 'raw' }),
      { entries: 3, head: `0x${'1'.repeat(64)}` },
      0
    )
    expect(anchor.nonce).toBe(8)
    // The log stays append-only after the migration.
    expect(() => db.prepare("UPDATE audit_log SET actor = 'eve'").run()).toThrow(/append-only/)
  })
})
