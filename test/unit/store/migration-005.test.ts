import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'

describe('migration 005 (sync)', () => {
  it('migrates a version-4 store with records and an outbox, keeping every row', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 4))
    db.prepare(
      `INSERT INTO users (username, display_name, role, address, created_at, updated_at)
       VALUES ('ana', 'Ana', 'nurse', ?, 'now', 'now')`
    ).run(`0x${'a'.repeat(40)}`)
    db.prepare(
      `INSERT INTO patients (id, pseudonym, phi, created_by, created_at) VALUES ('p1', '0xps', ?, 1, 'now')`
    ).run(Buffer.from([1, 2, 3]))
    const tid = `0x${'0'.repeat(32)}`
    db.prepare(
      `INSERT INTO records (tid, patient_id, template_id, template_version, author_id, seq, payload,
                            chain_record, state, created_at)
       VALUES (?, 'p1', 1, 1, 1, 1, ?, '{}', 'anchored', 'now')`
    ).run(tid, Buffer.from([9]))
    db.prepare("INSERT INTO cloud_outbox (tid, next_attempt_at) VALUES (?, 'now')").run(tid)
    const dump = () =>
      ['users', 'patients', 'records', 'cloud_outbox'].map((t) =>
        (db.prepare(`SELECT * FROM ${t}`).all() as Record<string, unknown>[]).map((row) => {
          const { audit_synced_at: audit, origin_workstation: origin, ...rest } = row
          return { rest, added: [audit, origin] }
        })
      )
    const before = dump()

    expect(migrate(db, MIGRATIONS.slice(0, 5))).toEqual({ from: 4, to: 5 })

    // Old rows keep every value; the new columns start empty.
    expect(dump().map((t) => t.map((r) => r.rest))).toEqual(before.map((t) => t.map((r) => r.rest)))
    expect(
      dump()
        .flat()
        .every((r) => r.added.every((v) => v === null || v === undefined))
    ).toBe(true)
    // A pulled record must name a known patient.
    const pulled = db.prepare(
      `INSERT INTO pulled_records (tid, workstation_id, patient_id, template_id, template_version,
         clinician, author, payload, chain_record, chain_batch, tx_hash, block_number, leaf_index,
         proof, created_at, anchored_at, pulled_at)
       VALUES (?, 'ws', ?, 1, 1, '0xc', 'bo', ?, '{}', 0, '0xt', 1, 0, '[]', 'now', 'now', 'now')`
    )
    pulled.run(`0x${'1'.repeat(32)}`, 'p1', Buffer.from([1]))
    db.pragma('foreign_keys = ON')
    expect(() => pulled.run(`0x${'2'.repeat(32)}`, 'nobody', Buffer.from([1]))).toThrow(
      /FOREIGN KEY/
    )
    db.close()
  })
})
