import { describe, expect, it } from 'vitest'
import {
  countByKind,
  reportNotes,
  type AuditReport
} from '../../../src/main/audit/report/audit-report'
import {
  batchesCsv,
  csvField,
  csvTable,
  problemsCsv,
  summaryCsv
} from '../../../src/main/audit/report/render-csv'
import { escapeHtml, renderHtml } from '../../../src/main/audit/report/render-html'
import { reportFiles } from '../../../src/main/audit/report/report-service'
import type { AuditProblem } from '../../../src/main/audit/verify-cloud'

const HOSTILE = `<script>alert("x")</script> & 'quoted', "=cmd|' /C calc'!A0"`
const hex = (byte: string, bytes: number) => `0x${byte.repeat(bytes)}`

/** A report built by hand: one problem of each shape, one hostile string where a cloud row can put one. */
function report(problems: AuditProblem[] = sampleProblems()): AuditReport {
  return {
    kind: 'mediblock-audit-report',
    version: 1,
    outcome: problems.length ? 'problems' : 'verified',
    startedAt: '2026-01-02T03:04:05.000Z',
    finishedAt: '2026-01-02T03:04:09.000Z',
    ranBy: {
      username: 'aud',
      role: 'auditor',
      address: hex('a', 20),
      workstationId: '45d74851-da08-42ac-baf6-90d744178ddb',
      appVersion: '0.1.0'
    },
    scope: { patientId: null, since: null },
    ledger: {
      kind: 'remote',
      chainId: 1337,
      contract: hex('c', 20),
      deployBlock: 3,
      nodeUrl: 'https://node.example.org',
      checkedTo: { number: 99, hash: hex('9', 32), timestamp: '2026-01-02T03:04:00.000Z' }
    },
    cloud: {
      engine: 'postgres',
      where: 'PostgreSQL at db.example.org:5432',
      details: 'database mediblock as user mediblock, TLS verified',
      databaseId: 'db-1',
      schemaVersion: 2
    },
    counts: {
      checked: 10,
      verified: 10 - problems.length,
      problems: problems.length,
      byKind: countByKind(problems)
    },
    problems,
    batches: [
      {
        chainBatch: 4,
        txHash: hex('4', 32),
        blockNumber: 40,
        root: hex('e', 32),
        records: 64,
        accepted: 63
      }
    ],
    notes: reportNotes('remote')
  }
}

function sampleProblems(): AuditProblem[] {
  const anchor = {
    chainBatch: 4,
    txHash: hex('4', 32),
    blockNumber: 40,
    leafIndex: 7,
    root: hex('e', 32),
    reason: 0,
    reasonName: 'ACCEPTED'
  }
  const claimed = {
    chainId: 1337,
    ledgerAddress: hex('c', 20),
    chainBatch: 4,
    txHash: hex('4', 32),
    blockNumber: 40,
    leafIndex: 7
  }
  return [
    {
      tid: hex('1', 16),
      kind: 'modified',
      detail: 'the payload does not match the signed commitment',
      evidence: {
        anchor,
        claimed,
        differences: [
          { field: 'commitment', expected: hex('2', 32), found: hex('3', 32) },
          { field: 'chainRecord.values', expected: '[72,120]', found: HOSTILE }
        ],
        commitment: { onChain: hex('2', 32), inRow: hex('3', 32), recomputed: hex('5', 32) },
        proofHolds: false
      }
    },
    {
      tid: hex('6', 16),
      kind: 'deleted',
      detail: 'anchored as accepted on the ledger, but not in the cloud database',
      evidence: { anchor, claimed: null, differences: [], commitment: null, proofHolds: null }
    },
    {
      tid: hex('7', 16),
      kind: 'forged',
      detail: 'no batch of the ledger anchors this tid',
      evidence: { anchor: null, claimed, differences: [], commitment: null, proofHolds: null }
    }
  ]
}

describe('HTML report', () => {
  it('escapes every value: markup from a cloud row is shown, never run', () => {
    const html = renderHtml(report())
    expect(html).not.toContain('<script>')
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;'
    )
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;'
    )
    expect(escapeHtml(null)).toBe('')
  })

  it('is self-contained: inline CSS, no script, nothing loaded from elsewhere', () => {
    const html = renderHtml(report())
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`
    )
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i)
    expect(html).not.toMatch(/\s(src|href)=/i)
  })

  it('prints to PDF: print rules keep rows, problems and headers whole', () => {
    const html = renderHtml(report())
    const print = html.slice(html.indexOf('@media print'))
    expect(html).toContain('@page')
    expect(print).toMatch(/tr, td, th \{ break-inside: avoid; page-break-inside: avoid; \}/)
    expect(print).toMatch(/\.problem[^{]*\{ break-inside: avoid/)
    expect(print).toContain('thead { display: table-header-group; }')
    expect(print).toMatch(/h2, h3 \{ break-after: avoid/)
    // Long hashes wrap instead of running off the page.
    expect(html).toContain('overflow-wrap: anywhere')
    expect(html).toContain('table-layout: fixed')
  })

  it('says who, against what, the counts, each problem with its evidence, and the batches', () => {
    const html = renderHtml(report())
    for (const text of [
      'aud (auditor)',
      'https://node.example.org',
      hex('c', 20),
      hex('9', 32),
      'PostgreSQL at db.example.org:5432',
      '3 problem(s) in 10 record(s)',
      'no anchor:</strong> no batch of this ledger holds this tid',
      'no row:</strong> the cloud database does not hold this record',
      "the row's proof does not take the anchored leaf to the root",
      hex('5', 32),
      hex('4', 32),
      hex('e', 32)
    ]) {
      expect(html).toContain(text)
    }
    expect(renderHtml(report([]))).toContain('None: every record in scope verifies')
  })
})

describe('CSV report', () => {
  it('quotes by RFC 4180: commas, quotes and line breaks; CRLF rows with a header', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(null)).toBe('')
    expect(csvField(7)).toBe('7')
    expect(csvField(false)).toBe('false')
    expect(csvTable(['a', 'b'], [[1, 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n')
  })

  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=1+1')).toBe("'=1+1")
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField('+1')).toBe("'+1")
    expect(csvField('-1,2')).toBe(`"'-1,2"`)
    expect(csvField('0x12')).toBe('0x12')
  })

  it('has one row per problem, evidence in columns, under a header', () => {
    const csv = problemsCsv(report())
    const lines = csv.split('\r\n')
    expect(lines.at(-1)).toBe('')
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['tid', 'kind', 'detail'])
    // Header, three problems, the final empty line: the hostile cell is quoted, so no row splits.
    expect(lines).toHaveLength(5)
    expect(lines[1]).toContain(`${hex('1', 16)},modified,`)
    expect(lines[1]).toContain('commitment: chain 0x2222')
    expect(lines[1]).toContain(`"`)
    expect(lines[2]).toMatch(new RegExp(`^${hex('6', 16)},deleted,"anchored as accepted`))
    expect(lines[3]).toContain('not anchored')
  })

  it('puts the summary and the batches beside the problems', () => {
    const summary = summaryCsv(report())
    expect(summary.startsWith('field,value\r\n')).toBe(true)
    for (const row of [
      'outcome,problems',
      'ran_by,aud',
      'chain_id,1337',
      `checked_to_block_hash,${hex('9', 32)}`,
      'cloud_where,PostgreSQL at db.example.org:5432',
      'problems_modified,1',
      'problems_deleted,1',
      'problems_forged,1',
      'problems_replayed,0'
    ]) {
      expect(summary).toContain(`\r\n${row}\r\n`)
    }
    expect(batchesCsv(report())).toBe(
      `batch,tx_hash,block,root,records,accepted\r\n4,${hex('4', 32)},40,${hex('e', 32)},64,63\r\n`
    )
    expect(reportFiles(report(), 'csv', '/tmp/r/audit.csv').map((f) => f.path)).toEqual([
      '/tmp/r/audit.csv',
      '/tmp/r/audit.summary.csv',
      '/tmp/r/audit.batches.csv'
    ])
  })
})

describe('JSON report', () => {
  it('is the report object itself, one document', () => {
    const [file] = reportFiles(report(), 'json', '/tmp/r/audit.json')
    expect(file?.path).toBe('/tmp/r/audit.json')
    expect(JSON.parse(file?.content ?? '')).toEqual(report())
  })

  it('counts every kind, zero when absent', () => {
    expect(countByKind([])).toEqual({
      modified: 0,
      deleted: 0,
      forged: 0,
      'rejected-stored': 0,
      'patient-swapped': 0,
      replayed: 0,
      undecryptable: 0
    })
    expect(reportNotes('bundled').at(-1)).toMatch(/controls the chain/)
  })
})
