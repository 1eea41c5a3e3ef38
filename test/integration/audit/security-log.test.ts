import { cpSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AuditLog, entryHash, type AuditEntry } from '../../../src/main/audit/audit-log'
import type { SecurityLogVerification } from '../../../src/main/audit/security-log-service'
import { cliOn, patientAddArgs, userAddArgs } from '../../support/cli-workstation'
import { tempDir } from '../../support/temp-dir'

const ADMIN = { MEDIBLOCK_PASSWORD: 'admin-pass-1' }
const NURSE = { MEDIBLOCK_PASSWORD: 'nurse-pass-1' }
const AUDITOR = { MEDIBLOCK_PASSWORD: 'audit-pass-1' }

/** A copy of a data dir whose security log was rewritten past its triggers by `edit`. */
function tamperedCopy(dataDir: string, edit: (entries: AuditEntry[]) => AuditEntry[]): string {
  const copy = join(tempDir(), 'copy')
  cpSync(dataDir, copy, { recursive: true })
  const db = new BetterSqlite3(join(copy, 'local.db'))
  db.exec('DROP TRIGGER audit_log_append_only_update; DROP TRIGGER audit_log_append_only_delete')
  const rows = edit([...new AuditLog(db).entries()])
  db.exec('DELETE FROM audit_log')
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash, hash)
     VALUES (@seq, @at, @actor, @action, @subject, @detail, @prevHash, @hash)`
  )
  for (const r of rows) insert.run({ ...r, detail: JSON.stringify(r.detail) })
  db.close()
  return copy
}

describe('the security log and its anchors on chain', () => {
  it('records who did what, anchors its head as it grows, and finds a rewritten log', () => {
    const dataDir = tempDir()
    const { run, ok } = cliOn(dataDir)
    ok(['init', '--clinic', 'C', '--admin', 'admin'], ADMIN)
    for (const [username, role, env] of [
      ['nina', 'nurse', NURSE],
      ['olu', 'auditor', AUDITOR]
    ] as const) {
      ok(userAddArgs(username, role), { ...ADMIN, MEDIBLOCK_NEW_PASSWORD: env.MEDIBLOCK_PASSWORD })
    }
    // Anchoring on its own every 5 entries (the default is 100, or an hour).
    expect(ok(['audit', 'anchoring', '--every', '5', '--as', 'admin'], ADMIN)).toMatchObject({
      policy: { enabled: true, everyEntries: 5, maxAgeMinutes: 60 },
      anchored: 0
    })
    expect(
      run(['patient', 'list', '--as', 'nina'], { MEDIBLOCK_PASSWORD: 'wrong-pass' }).status
    ).toBe(2)
    ok(patientAddArgs(), NURSE)
    ok(['patient', 'list', '--as', 'nina'], NURSE)
    const anchoredAfterDrain = ok<{ anchored: number; entries: number }>(['audit', 'anchoring'])
    // The registration record's drain anchored the head (after the record was signed).
    expect(anchoredAfterDrain.anchored).toBeGreaterThanOrEqual(10)
    // Views add entries (a login and a list each) until the head is due again; sync anchors it.
    ok(['patient', 'list', '--as', 'nina'], NURSE)
    ok(['patient', 'list', '--as', 'nina'], NURSE)
    ok(['sync', '--as', 'nina'], NURSE)
    const afterSync = ok<{ anchored: number; entries: number }>(['audit', 'anchoring'])
    expect(afterSync.anchored).toBeGreaterThan(anchoredAfterDrain.anchored)

    // The log records logins, a failed login, user and policy changes, and who viewed whom.
    const listed = ok<AuditEntry[]>(['audit', 'log', '--as', 'olu', '--limit', '1000'], AUDITOR)
    const actions = listed.map((e) => `${e.actor} ${e.action}`)
    for (const expected of [
      'admin clinic.created',
      'admin user.created',
      'admin audit.anchoring-changed',
      'nina login.failed',
      'nina login',
      'nina patient.created',
      'nina patient.listed',
      'nina record.signed'
    ]) {
      expect(actions).toContain(expected)
    }
    expect(run(['audit', 'log', '--as', 'nina'], NURSE).stderr).toMatch(
      /a nurse may not read the security log/
    )

    // Intact: the chain holds, every anchor on chain matches its entry.
    const intact = ok<SecurityLogVerification>(['audit', 'log', '--verify', '--as', 'olu'], AUDITOR)
    expect(intact).toMatchObject({ ok: true, broken: [] })
    expect(intact.anchors.length).toBeGreaterThanOrEqual(2)
    expect(intact.anchors.every((a) => a.matches)).toBe(true)
    expect(intact.anchoredThrough).toBe(afterSync.anchored)
    const anchored = intact.anchoredThrough

    // An entry edited in place (triggers dropped, in a copy of the data dir): exit 1.
    const edited = tamperedCopy(dataDir, (rows) =>
      rows.map((r) => (r.action === 'login.failed' ? { ...r, actor: 'admin' } : r))
    )
    const editedSeq = listed.find((e) => e.action === 'login.failed')?.seq
    const caught = cliOn(edited).run(['--json', 'audit', 'log', '--verify', '--as', 'olu'], AUDITOR)
    expect(caught.status).toBe(1)
    const check = JSON.parse(caught.stdout) as SecurityLogVerification
    expect(check.ok).toBe(false)
    expect(check.broken).toContainEqual(
      expect.objectContaining({ from: editedSeq, to: editedSeq, kind: 'altered' })
    )

    // Rewritten hashes and all, so the local chain holds: the anchors on chain do not match.
    const rehashed = tamperedCopy(dataDir, (rows) => {
      let prev = `0x${'0'.repeat(64)}`
      return rows
        .filter((r) => r.action !== 'login.failed')
        .map((r, i) => {
          const next = { ...r, seq: i + 1, prevHash: prev }
          const hashed = { ...next, hash: entryHash(next) }
          prev = hashed.hash
          return hashed
        })
    })
    const forged = cliOn(rehashed).run(['audit', 'log', '--verify', '--as', 'olu'], AUDITOR)
    expect(forged.status).toBe(1)
    expect(forged.stdout).toMatch(/does NOT hold/)
    expect(forged.stdout).toMatch(/not-as-anchored|missing/)
    expect(forged.stdout).toMatch(/DOES NOT MATCH|NO SUCH ENTRY/)

    // The original is untouched, and its verifications are in it.
    expect(run(['audit', 'log', '--verify', '--as', 'olu'], AUDITOR).status).toBe(0)
    const log = new BetterSqlite3(join(dataDir, 'local.db'), { readonly: true })
    const verified = log
      .prepare("SELECT detail FROM audit_log WHERE action = 'audit.log-verified' ORDER BY seq")
      .all() as { detail: string }[]
    log.close()
    expect(verified.map((r) => (JSON.parse(r.detail) as { ok: boolean }).ok)).toEqual([true, true])
    expect(anchored).toBeGreaterThan(0)
  }, 240_000)
})
