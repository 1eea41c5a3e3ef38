import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../../../src/main/store/migrate'
import { MIGRATIONS } from '../../../src/main/store/migrations'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'

describe('local store', () => {
  it('creates a WAL database at the newest schema, readable only by its owner', () => {
    const path = join(tempDir(), 'local.db')
    const store = LocalStore.open(path)
    expect(store.schemaVersion).toBe(MIGRATIONS.length)
    store.close()
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const db = new BetterSqlite3(path)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('keeps its workstation id across reopenings', () => {
    const path = join(tempDir(), 'local.db')
    const first = LocalStore.open(path)
    const id = first.getConfig('workstation.id')
    first.close()
    const second = LocalStore.open(path)
    expect(second.getConfig('workstation.id')).toBe(id)
    expect(second.schemaVersion).toBe(MIGRATIONS.length)
    second.close()
  })

  it('answers defaults for unset settings and round-trips set ones', () => {
    const store = LocalStore.open(join(tempDir(), 'local.db'))
    expect(store.getConfig('clinic')).toBeNull()
    expect(store.getConfig('ledger')).toEqual({ kind: 'none' })
    store.setConfig('clinic', { name: 'Riverside Clinic' })
    store.setConfig('cloud', { engine: 'postgres' })
    expect(store.getConfig('clinic')).toEqual({ name: 'Riverside Clinic' })
    expect(store.getConfig('cloud')).toEqual({ engine: 'postgres' })
    store.close()
  })

  it('refuses settings that break their schema', () => {
    const store = LocalStore.open(join(tempDir(), 'local.db'))
    expect(() => store.setConfig('clinic', { name: '' })).toThrow()
    expect(() =>
      store.setConfig('cloud', { engine: 'oracle' } as unknown as { engine: 'sqlite' })
    ).toThrow()
    store.close()
  })

  it('refuses a database written by a newer MediBlock, without changing it', () => {
    const path = join(tempDir(), 'local.db')
    LocalStore.open(path).close()
    const db = new BetterSqlite3(path)
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(999, 'future', 'now')
    db.close()
    const before = readFileSync(path)
    const error = thrown(() => LocalStore.open(path))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/newer MediBlock/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('rolls a failing migration back whole, leaving the previous version', () => {
    const db = new BetterSqlite3(':memory:')
    const broken = [
      ...MIGRATIONS,
      {
        version: MIGRATIONS.length + 1,
        name: 'broken',
        up(d: BetterSqlite3.Database) {
          d.exec('CREATE TABLE half_done (x INTEGER)')
          throw new Error('boom')
        }
      }
    ]
    expect(() => migrate(db, broken)).toThrow('boom')
    expect(schemaVersion(db)).toBe(MIGRATIONS.length)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE name = 'half_done'").all()
    expect(tables).toEqual([])
    db.close()
  })

  it('refuses misnumbered migrations', () => {
    const db = new BetterSqlite3(':memory:')
    expect(() => migrate(db, [{ version: 2, name: 'skips one', up() {} }])).toThrow(/expected 1/)
    db.close()
  })
})

describe('migration 001 (config)', () => {
  it('migrates a database with no schema into one holding a workstation id', () => {
    const db = new BetterSqlite3(':memory:')
    expect(schemaVersion(db)).toBe(0)
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toEqual({ from: 0, to: 1 })
    const row = db.prepare("SELECT value FROM config WHERE key = 'workstation.id'").get() as {
      value: string
    }
    expect(JSON.parse(row.value)).toMatch(/^[0-9a-f-]{36}$/)
    db.close()
  })
})
