import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'

describe('migration 003 (records and queue)', () => {
  it('migrates a version-2 store with users, patients and audit entries, keeping every row', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 2))
    db.prepare(
      `INSERT INTO users (username, display_name, role, address, created_at, updated_at)
       VALUES ('ana', 'Ana', 'nurse', ?, 'now', 'now')`
    ).run(`0x${'a'.repeat(40)}`)
    db.prepare(
      `INSERT INTO patients (id, pseudonym, phi, created_by, created_at) VALUES ('p1', '0xps', ?, 1, 'now')`
    ).run(Buffer.from([1, 2, 3]))
    db.prepare(
      `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
       VALUES (1, 'now', 'admin', 'user.created', 'ana', '{}', '0x0', '0x1')`
    ).run()
    const dump = () =>
      ['users', 'patients', 'audit_log'].map((t) => db.prepare(`SELECT * FROM ${t}`).all())
    const before = dump()

    expect(migrate(db, MIGRATIONS.slice(0, 3))).toEqual({ from: 2, to: 3 })

    expect(dump()).toEqual(before)
    db.prepare(
      `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq, payload,
                            chain_record, state, created_at)
       VALUES (?, 'p1', 1, 1, 1, 1, ?, '{}', 'queued', 'now')`
    ).run(`0x${'0'.repeat(32)}`, Buffer.from([9]))
    // One sequence number per clinician, one row per tid, known states only.
    expect(() =>
      db
        .prepare(
          `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq, payload,
                                chain_record, state, created_at)
           VALUES (?, 'p1', 1, 1, 1, 1, ?, '{}', 'queued', 'now')`
        )
        .run(`0x${'1'.repeat(32)}`, Buffer.from([9]))
    ).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq, payload,
                                chain_record, state, created_at)
           VALUES (?, 'p1', 1, 1, 1, 2, ?, '{}', 'lost', 'now')`
        )
        .run(`0x${'2'.repeat(32)}`, Buffer.from([9]))
    ).toThrow(/CHECK/)
    db.close()
  })
})
