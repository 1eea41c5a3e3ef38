import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { AuditReport } from '../../../src/main/audit/report/audit-report'
import { cliOn, patientAddArgs, userAddArgs, vitalsArgs } from '../../support/cli-workstation'
import { tempDir } from '../../support/temp-dir'

const ADMIN = { MEDIBLOCK_PASSWORD: 'admin-pass-1' }
const NURSE = { MEDIBLOCK_PASSWORD: 'nurse-pass-1' }
const AUDITOR = { MEDIBLOCK_PASSWORD: 'audit-pass-1' }

describe('mediblock audit report', () => {
  it('writes the audit as HTML, CSV and JSON, with evidence for every problem', () => {
    const dataDir = tempDir()
    const out = tempDir()
    const { run, ok } = cliOn(dataDir)
    ok(['init', '--clinic', 'C', '--admin', 'admin'], ADMIN)
    for (const [username, role, env] of [
      ['nina', 'nurse', NURSE],
      ['olu', 'auditor', AUDITOR]
    ] as const) {
      ok(userAddArgs(username, role), { ...ADMIN, MEDIBLOCK_NEW_PASSWORD: env.MEDIBLOCK_PASSWORD })
    }
    const patient = ok<{ id: string }>(patientAddArgs(), NURSE)
    const add = (hr: number) => ok<{ tid: string }>(vitalsArgs(hr), NURSE).tid
    const [kept, deleted, altered] = [add(70), add(71), add(72)]
    ok(['sync', '--as', 'nina'], NURSE)
    const report = (format: string, file: string, extra: string[] = [], env = AUDITOR) =>
      run(
        [
          '--json',
          'audit',
          'report',
          '--format',
          format,
          '--out',
          join(out, file),
          '--as',
          'olu',
          ...extra
        ],
        env
      )

    // All verify: exit 0, and the report says so.
    const clean = report('json', 'clean.json')
    expect(clean.status).toBe(0)
    const cleanReport = JSON.parse(readFileSync(join(out, 'clean.json'), 'utf8')) as AuditReport
    expect(cleanReport).toMatchObject({
      kind: 'mediblock-audit-report',
      outcome: 'verified',
      counts: { checked: 4, verified: 4, problems: 0 },
      problems: [],
      ranBy: { username: 'olu', role: 'auditor' },
      ledger: { kind: 'bundled', chainId: 77001 },
      cloud: { engine: 'sqlite' }
    })
    expect(cleanReport.batches.length).toBeGreaterThanOrEqual(4)

    // Tampering behind the app's back: one row deleted, one commitment column changed,
    // and one forged row whose signed record carries markup and a spreadsheet formula.
    const cloud = new BetterSqlite3(join(dataDir, 'cloud.db'))
    cloud.prepare('DELETE FROM records WHERE tid = ?').run(deleted)
    cloud
      .prepare('UPDATE records SET commitment = ? WHERE tid = ?')
      .run(`0x${'11'.repeat(32)}`, altered)
    const forged = `0x${'ab'.repeat(16)}`
    const columns = (cloud.prepare('PRAGMA table_info(records)').all() as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !['tid', 'cloud_seq', 'chain_record'].includes(c))
    cloud
      .prepare(
        `INSERT INTO records (tid, cloud_seq, chain_record, ${columns.join(', ')})
         SELECT ?, (SELECT MAX(cloud_seq) + 1 FROM records), ?, ${columns.join(', ')} FROM records WHERE tid = ?`
      )
      .run(
        forged,
        JSON.stringify({ tid: '=HYPERLINK("http://x")', seq: '<script>alert(1)</script>' }),
        kept
      )
    cloud.close()

    // JSON: one object; the counts and the evidence of each problem.
    const json = report('json', 'audit.json', ['--since', '2000-01-01'])
    expect(json.status).toBe(1)
    const summary = JSON.parse(json.stdout) as {
      outcome: string
      files: { path: string; sha256: string }[]
    }
    expect(summary.outcome).toBe('problems')
    const text = readFileSync(join(out, 'audit.json'), 'utf8')
    const doc = JSON.parse(text) as AuditReport
    expect(summary.files).toEqual([
      expect.objectContaining({
        path: join(out, 'audit.json'),
        sha256: createHash('sha256').update(text).digest('hex')
      })
    ])
    expect(doc.counts).toEqual({
      checked: 5,
      verified: 2,
      problems: 3,
      byKind: {
        modified: 1,
        deleted: 1,
        forged: 1,
        'rejected-stored': 0,
        'patient-swapped': 0,
        replayed: 0,
        undecryptable: 0
      }
    })
    expect(doc.scope).toEqual({ patientId: null, since: '2000-01-01T00:00:00.000Z' })
    expect(doc.ledger.checkedTo).toMatchObject({
      number: expect.any(Number) as number,
      hash: expect.stringMatching(/^0x[0-9a-f]{64}$/) as string
    })
    expect(doc.ledger.nodeUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(doc.cloud.where).toBe(`embedded SQLite file ${join(dataDir, 'cloud.db')}`)
    const byTid = new Map(doc.problems.map((p) => [p.tid, p]))
    const modified = byTid.get(altered)
    expect(modified).toMatchObject({ kind: 'modified' })
    expect(modified?.evidence?.differences).toContainEqual({
      field: 'commitment',
      expected: modified?.evidence?.commitment?.onChain,
      found: `0x${'11'.repeat(32)}`
    })
    // The payload still hashes to the commitment on chain: only the column was changed.
    expect(modified?.evidence?.commitment).toMatchObject({ inRow: `0x${'11'.repeat(32)}` })
    expect(modified?.evidence?.commitment?.recomputed).toBe(modified?.evidence?.commitment?.onChain)
    const gone = byTid.get(deleted)
    expect(gone).toMatchObject({ kind: 'deleted', evidence: { claimed: null } })
    const anchor = gone?.evidence?.anchor
    expect(anchor).toMatchObject({ reason: 0, reasonName: 'ACCEPTED', leafIndex: 0 })
    // The deleted record's batch is among the chain references, with the same tx and root.
    expect(doc.batches).toContainEqual(
      expect.objectContaining({
        chainBatch: anchor?.chainBatch,
        txHash: anchor?.txHash,
        root: anchor?.root
      })
    )
    expect(byTid.get(forged)).toMatchObject({
      kind: 'forged',
      evidence: { anchor: null, claimed: { chainId: 77001 } }
    })

    // HTML: the same facts, escaped, printable.
    expect(report('html', 'audit.html').status).toBe(1)
    const html = readFileSync(join(out, 'audit.html'), 'utf8')
    expect(html).toContain('3 problem(s) in 5 record(s)')
    for (const tid of [altered, deleted, forged]) expect(html).toContain(tid)
    expect(html).toContain('@media print')
    expect(html).not.toMatch(/<script|\s(src|href)=/i)

    // CSV: a row per problem under a header, the summary and the batches beside it.
    expect(report('csv', 'audit.csv').status).toBe(1)
    const rows = readFileSync(join(out, 'audit.csv'), 'utf8').split('\r\n')
    expect(rows[0]).toMatch(/^tid,kind,detail,/)
    expect(rows.filter((r) => r !== '')).toHaveLength(4)
    expect(rows.find((r) => r.startsWith(`${deleted},deleted,`))).toContain(anchor?.txHash)
    expect(readFileSync(join(out, 'audit.summary.csv'), 'utf8')).toContain(
      '\r\nproblems_forged,1\r\n'
    )
    expect(readFileSync(join(out, 'audit.batches.csv'), 'utf8')).toContain(`,${anchor?.txHash},`)

    // `verify --json` keeps its shape: no evidence there.
    const verify = run(['--json', 'verify', '--as', 'olu'], AUDITOR)
    expect(verify.status).toBe(1)
    const plain = JSON.parse(verify.stdout) as { problems: Record<string, unknown>[] }
    expect(plain.problems.map((p) => Object.keys(p).sort())).toEqual(
      Array.from({ length: 3 }, () => ['detail', 'kind', 'tid'])
    )

    // A patient's report covers that patient's records; only admins and auditors may run one.
    expect(report('json', 'one.json', ['--patient', 'M1']).status).toBe(1)
    expect(
      (JSON.parse(readFileSync(join(out, 'one.json'), 'utf8')) as AuditReport).scope.patientId
    ).toBe(patient.id)
    const byNurse = run(
      ['audit', 'report', '--format', 'html', '--out', join(out, 'nurse.html'), '--as', 'nina'],
      NURSE
    )
    expect(byNurse.status).toBe(2)
    expect(byNurse.stderr).toMatch(/a nurse may not run audits/)
    expect(existsSync(join(out, 'nurse.html'))).toBe(false)
    expect(
      run(
        ['audit', 'report', '--format', 'pdf', '--out', join(out, 'x.pdf'), '--as', 'olu'],
        AUDITOR
      ).status
    ).toBe(2)

    // Each report is a security event, with the SHA-256 of what was written.
    const log = new BetterSqlite3(join(dataDir, 'local.db'), { readonly: true })
    const reported = log
      .prepare("SELECT actor, detail FROM audit_log WHERE action = 'audit.reported' ORDER BY seq")
      .all() as { actor: string; detail: string }[]
    log.close()
    expect(reported.map((r) => r.actor)).toEqual(['olu', 'olu', 'olu', 'olu', 'olu'])
    expect(JSON.parse(reported[1]?.detail ?? '{}')).toMatchObject({
      format: 'json',
      files: [{ name: 'audit.json', sha256: summary.files[0]?.sha256 }],
      problems: 3
    })
  }, 240_000)
})
