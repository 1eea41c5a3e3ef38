import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'

describe('migration 004 (templates)', () => {
  it('migrates a version-3 store with records, keeping every row, and keeps versions immutable', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 3))
    db.prepare(
      `INSERT INTO users (username, display_name, role, address, created_at, updated_at)
       VALUES ('ana', 'Ana', 'nurse', ?, 'now', 'now')`
    ).run(`0x${'a'.repeat(40)}`)
    db.prepare(
      `INSERT INTO patients (id, pseudonym, phi, created_by, created_at) VALUES ('p1', '0xps', ?, 1, 'now')`
    ).run(Buffer.from([1, 2, 3]))
    db.prepare(
      `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq, payload,
                            chain_record, state, created_at)
       VALUES (?, 'p1', 1, 1, 1, 1, ?, '{}', 'queued', 'now')`
    ).run(`0x${'0'.repeat(32)}`, Buffer.from([9]))
    const dump = () =>
      ['users', 'patients', 'records', 'cloud_outbox'].map((t) =>
        db.prepare(`SELECT * FROM ${t}`).all()
      )
    const before = dump()

    expect(migrate(db, MIGRATIONS.slice(0, 4))).toEqual({ from: 3, to: 4 })

    expect(dump()).toEqual(before)
    const insert = db.prepare(
      `INSERT INTO templates (id, version, slug, title, definition, hash, published_at, published_by)
       VALUES (?, ?, ?, 'Vital signs', '{}', ?, 'now', 'admin')`
    )
    const hash = `0x${'1'.repeat(64)}`
    insert.run(1, 1, 'vital-signs', hash)
    insert.run(1, 2, 'vital-signs', hash)
    expect(() => insert.run(1, 2, 'vital-signs', hash)).toThrow(/UNIQUE|PRIMARY/)
    expect(() => insert.run(2, 1, 'x', '0x12')).toThrow(/CHECK/)
    expect(() => db.prepare("UPDATE templates SET title = 'changed'").run()).toThrow(
      /never changes/
    )
    db.close()
  })
})
