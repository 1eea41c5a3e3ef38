import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'

describe('migration 002 (people and audit)', () => {
  it('migrates a version-1 store with settings in it, keeping every row', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 1))
    const insert = db.prepare('INSERT INTO config (key, value, updated_at) VALUES (?, ?, ?)')
    insert.run('clinic', JSON.stringify({ name: 'Riverside Clinic' }), '2026-01-01T00:00:00.000Z')
    insert.run('cloud', JSON.stringify({ engine: 'postgres' }), '2026-01-01T00:00:00.000Z')
    const before = db.prepare('SELECT * FROM config ORDER BY key').all()

    expect(migrate(db, MIGRATIONS.slice(0, 2))).toEqual({ from: 1, to: 2 })

    expect(db.prepare('SELECT * FROM config ORDER BY key').all()).toEqual(before)
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => (row as { name: string }).name)
    expect(tables).toEqual(expect.arrayContaining(['users', 'patients', 'audit_log']))
    db.close()
  })

  it('enforces its constraints: roles, addresses, unique usernames', () => {
    const db = new BetterSqlite3(':memory:')
    migrate(db, MIGRATIONS.slice(0, 2))
    const add = db.prepare(
      `INSERT INTO users (username, display_name, role, address, created_at, updated_at)
       VALUES (?, 'x', ?, ?, 'now', 'now')`
    )
    add.run('ana', 'nurse', `0x${'1'.repeat(40)}`)
    expect(() => add.run('bob', 'janitor', `0x${'2'.repeat(40)}`)).toThrow(/CHECK/)
    expect(() => add.run('bob', 'doctor', '0x1234')).toThrow(/CHECK/)
    expect(() => add.run('ANA', 'doctor', `0x${'3'.repeat(40)}`)).toThrow(/UNIQUE/)
    db.close()
  })
})
