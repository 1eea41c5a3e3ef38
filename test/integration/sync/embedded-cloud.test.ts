import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { cliOn, patientAddArgs, userAddArgs, vitalsArgs } from '../../support/cli-workstation'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'

describe('sync to the embedded cloud store (the default, no set-up)', () => {
  it('pushes acknowledged records once, refusals to the audit table, and replays a half-done push', () => {
    const dataDir = tempDir()
    const { run, ok } = cliOn(dataDir)
    const asNurse = { MEDIBLOCK_PASSWORD: NURSE }
    ok(['init', '--clinic', 'C', '--admin', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
    ok(userAddArgs('nina', 'nurse'), {
      MEDIBLOCK_PASSWORD: ADMIN,
      MEDIBLOCK_NEW_PASSWORD: NURSE
    })
    ok(patientAddArgs(), asNurse)
    const add = (hr: number) => ok<{ tid: string }>(vitalsArgs(hr), asNurse)
    const valid = add(70)
    add(300)
    expect(ok(['status'])).toMatchObject({ sync: { lastPushAt: null }, queue: { cloudBacklog: 2 } })

    expect(ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({
      pushed: 2,
      unchanged: 0,
      rejections: 1,
      conflicts: [],
      outbox: { waiting: 0 }
    })
    const cloud = new BetterSqlite3(join(dataDir, 'cloud.db'), { readonly: true })
    const count = (table: string) =>
      (cloud.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n
    expect([count('records'), count('rejected_records')]).toEqual([2, 1])
    cloud.close()
    expect(ok(['queue'])).toMatchObject({ cloudBacklog: 0, synced: 2 })

    // A crash after the cloud write and before the local mark: the push is replayed.
    const local = new BetterSqlite3(join(dataDir, 'local.db'))
    local
      .prepare("UPDATE records SET state = 'anchored', synced_at = NULL WHERE tid = ?")
      .run(valid.tid)
    local
      .prepare(
        "INSERT INTO cloud_outbox (tid, next_attempt_at) VALUES (?, '2000-01-01T00:00:00.000Z')"
      )
      .run(valid.tid)
    local.close()
    expect(ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({ pushed: 0, unchanged: 1 })
    const again = new BetterSqlite3(join(dataDir, 'cloud.db'), { readonly: true })
    expect((again.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n).toBe(2)
    again.close()
    const status = run(['status']).stdout
    expect(status).toMatch(/Last sync\s+20\d\d-/)

    // The audit: all verify; then a row deleted and one altered behind the app's back are named.
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN }
    expect(ok(['verify', '--as', 'admin'], asAdmin)).toEqual({
      checked: 2,
      verified: 2,
      problems: []
    })
    const second = add(75)
    ok(['sync', '--as', 'nina'], asNurse)
    const tamper = new BetterSqlite3(join(dataDir, 'cloud.db'))
    tamper.prepare('DELETE FROM records WHERE tid = ?').run(valid.tid)
    tamper.prepare("UPDATE records SET payload = x'00' WHERE tid = ?").run(second.tid)
    tamper.close()
    const audit = run(['--json', 'verify', '--as', 'admin'], asAdmin)
    expect(audit.status).toBe(1)
    const result = JSON.parse(audit.stdout) as {
      checked: number
      verified: number
      problems: unknown[]
    }
    expect(result).toMatchObject({ checked: 3, verified: 1 })
    expect(result.problems).toEqual(
      expect.arrayContaining([
        {
          tid: valid.tid,
          kind: 'deleted',
          detail: expect.not.stringMatching(/outbox/) as string
        },
        { tid: second.tid, kind: 'undecryptable', detail: expect.any(String) as string }
      ])
    )
    expect(result.problems).toHaveLength(2)
    // Only an admin or an auditor runs audits.
    const byNurse = run(['verify', '--as', 'nina'], asNurse)
    expect(byNurse.status).toBe(2)
    expect(byNurse.stderr).toMatch(/a nurse may not run audits/)

    // A forged row (a copy of a real one under a tid the chain never saw) joins them;
    // restore rewrites the two from this workstation's verified copies and removes the forgery.
    const forgedTid = `0x${'ab'.repeat(16)}`
    const forge = new BetterSqlite3(join(dataDir, 'cloud.db'))
    const columns = (forge.prepare('PRAGMA table_info(records)').all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => c !== 'tid' && c !== 'cloud_seq')
    forge
      .prepare(
        `INSERT INTO records (tid, cloud_seq, ${columns.join(', ')})
         SELECT ?, (SELECT MAX(cloud_seq) + 1 FROM records), ${columns.join(', ')} FROM records WHERE tid = ?`
      )
      .run(forgedTid, second.tid)
    forge.close()
    expect(run(['restore', '--all-problems', '--as', 'nina'], asNurse).status).toBe(2)
    const restored = ok<{ tid: string; action: string }[]>(
      ['restore', '--all-problems', '--as', 'admin'],
      asAdmin
    )
    expect(restored.map((o) => [o.tid, o.action]).sort()).toEqual(
      [
        [valid.tid, 'rewritten'],
        [second.tid, 'rewritten'],
        [forgedTid, 'removed']
      ].sort()
    )
    expect(ok(['verify', '--as', 'admin'], asAdmin)).toEqual({
      checked: 3,
      verified: 3,
      problems: []
    })
    // Nothing left to do, and each action is in the audit log.
    expect(ok(['restore', '--all-problems', '--as', 'admin'], asAdmin)).toEqual([])
    // A record that verifies has nothing to restore; a restore must say what to restore.
    const verifying = run(['restore', '--tid', valid.tid, '--as', 'admin'], asAdmin)
    expect(verifying.status).toBe(2)
    expect(verifying.stderr).toMatch(/verifies .*nothing to restore/)
    const aimless = run(['restore', '--as', 'admin'], asAdmin)
    expect(aimless.status).toBe(2)
    expect(aimless.stderr).toMatch(/say what to restore/)
    const log = new BetterSqlite3(join(dataDir, 'local.db'), { readonly: true })
    const actions = log
      .prepare("SELECT action, subject FROM audit_log WHERE action LIKE 'cloud.%'")
      .all() as { action: string; subject: string }[]
    log.close()
    expect(actions).toHaveLength(3)
    expect(actions).toContainEqual({ action: 'cloud.removed', subject: forgedTid })

    // A record on chain and not synced yet is missing from the cloud all the same; the
    // audit says it waits in this workstation's outbox, and once synced it verifies.
    const unsynced = add(76)
    const early = run(['--json', 'verify', '--as', 'admin'], asAdmin)
    expect(early.status).toBe(1)
    expect(JSON.parse(early.stdout)).toEqual({
      checked: 4,
      verified: 3,
      problems: [
        {
          tid: unsynced.tid,
          kind: 'deleted',
          detail: expect.stringMatching(
            /waits in this workstation's outbox, not synced yet/
          ) as string
        }
      ]
    })
    ok(['sync', '--as', 'nina'], asNurse)
    expect(ok(['verify', '--as', 'admin'], asAdmin)).toEqual({
      checked: 4,
      verified: 4,
      problems: []
    })
  }, 180_000)
})
