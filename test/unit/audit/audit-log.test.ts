import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog, GENESIS_HASH } from '../../../src/main/audit/audit-log'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'

function setup() {
  const path = join(tempDir(), 'local.db')
  const store = LocalStore.open(path)
  return { path, store, log: store.auditLog }
}

describe('audit log', () => {
  it('chains each entry to the one before it', () => {
    const { log } = setup()
    const first = log.append({
      actor: 'admin',
      action: 'user.created',
      subject: 'ana',
      detail: { role: 'nurse' }
    })
    const second = log.append({ actor: 'ana', action: 'login.failed' })
    expect(first).toMatchObject({
      seq: 1,
      prevHash: GENESIS_HASH,
      subject: 'ana',
      detail: { role: 'nurse' }
    })
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, subject: null, detail: {} })
    expect(first.hash).toMatch(/^0x[0-9a-f]{64}$/)
    expect(log.verify()).toEqual({ ok: true, entries: 2, head: second.hash })
    expect(log.recent(1)).toEqual([second])
  })

  it('refuses updates and deletes', () => {
    const { path, log } = setup()
    log.append({ actor: 'admin', action: 'user.created', subject: 'ana' })
    const db = new BetterSqlite3(path)
    expect(() => db.prepare("UPDATE audit_log SET actor = 'eve'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    db.close()
  })

  it('shows where the chain breaks when someone edits past the triggers', () => {
    const { path, log } = setup()
    for (const action of ['a', 'b', 'c', 'd']) log.append({ actor: 'admin', action })
    const db = new BetterSqlite3(path)
    db.exec('DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete')
    db.prepare("UPDATE audit_log SET actor = 'eve' WHERE seq = 3").run()
    expect(new AuditLog(db).verify()).toEqual({ ok: false, brokenAt: 3 })
    db.prepare("UPDATE audit_log SET actor = 'admin' WHERE seq = 3").run()
    expect(new AuditLog(db).verify()).toMatchObject({ ok: true, entries: 4 })
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run()
    expect(new AuditLog(db).verify()).toEqual({ ok: false, brokenAt: 2 })
    db.close()
  })

  it('rejects a nonsensical page size', () => {
    const { log } = setup()
    expect(() => log.recent(0)).toThrow(/positive whole number/)
  })
})
