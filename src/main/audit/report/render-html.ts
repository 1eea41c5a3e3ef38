import type { AuditProblem } from '../verify-cloud'
import { PROBLEM_KINDS, type AuditReport } from './audit-report'

/** Escapes text for HTML content and quoted attribute values. */
export function escapeHtml(value: string | number | boolean | null | undefined): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
}

// Everything inline: the report is one file that opens anywhere, loads nothing
// (the CSP says so to the browser too) and prints to PDF as it looks.
const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
  margin: 2em auto; max-width: 64em; padding: 0 1.5em; }
h1 { font-size: 1.6em; margin: 0 0 .2em; }
h2 { font-size: 1.2em; margin: 1.6em 0 .5em; border-bottom: 1px solid #999; padding-bottom: .2em; }
h3 { font-size: 1em; margin: 0 0 .4em; }
.outcome { display: inline-block; padding: .2em .7em; border: 2px solid; border-radius: .3em;
  font-weight: 600; }
.outcome.verified { color: #155724; }
.outcome.problems { color: #8a1c1c; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; margin: .3em 0 1em; }
th, td { border: 1px solid #bbb; padding: .25em .45em; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: 600; }
td, .mono { overflow-wrap: anywhere; word-break: break-word; }
.mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
table.facts th { width: 26%; }
.problem { border: 1px solid #999; border-left: 4px solid #8a1c1c; padding: .6em .8em; margin: 0 0 1em; }
.problem p { margin: .2em 0 .5em; }
.none { color: #555; font-style: italic; }
ul.notes li { margin-bottom: .4em; }
footer { margin-top: 2em; color: #555; font-size: .9em; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 9pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .problem, table.facts, table.counts { break-inside: avoid; page-break-inside: avoid; }
  tr, td, th { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  tfoot { display: table-footer-group; }
  section.batches { break-before: page; page-break-before: always; }
  .outcome { border-width: 1px; }
}
`

const mono = (v: string | number | null | undefined) => `<span class="mono">${escapeHtml(v)}</span>`

function facts(rows: readonly [string, string][]): string {
  return `<table class="facts"><tbody>${rows
    .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${v}</td></tr>`)
    .join('')}</tbody></table>`
}

function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  options: { cls?: string; widths?: readonly number[] } = {}
): string {
  const cols = options.widths
    ? `<colgroup>${options.widths.map((w) => `<col style="width: ${w}%">`).join('')}</colgroup>`
    : ''
  return `<table${options.cls ? ` class="${options.cls}"` : ''}>${cols}<thead><tr>${header
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`
}

function problemBlock(p: AuditProblem, index: number): string {
  const e = p.evidence
  const parts = [
    `<h3>${index + 1}. ${escapeHtml(p.kind)} &mdash; ${mono(p.tid)}</h3>`,
    `<p>${escapeHtml(p.detail)}</p>`
  ]
  if (e) {
    const rows: [string, string][] = [
      [
        'Anchored on chain',
        e.anchor
          ? `batch ${escapeHtml(e.anchor.chainBatch)}, leaf ${escapeHtml(e.anchor.leafIndex)}, block ${escapeHtml(e.anchor.blockNumber)}, outcome ${escapeHtml(e.anchor.reason)} (${escapeHtml(e.anchor.reasonName)})<br>tx ${mono(e.anchor.txHash)}<br>root ${mono(e.anchor.root)}`
          : '<strong>no anchor:</strong> no batch of this ledger holds this tid'
      ],
      [
        'The cloud row says',
        e.claimed
          ? `batch ${escapeHtml(e.claimed.chainBatch)}, leaf ${escapeHtml(e.claimed.leafIndex)}, block ${escapeHtml(e.claimed.blockNumber)} on chain ${escapeHtml(e.claimed.chainId)}, ledger ${mono(e.claimed.ledgerAddress)}<br>tx ${mono(e.claimed.txHash)}`
          : '<strong>no row:</strong> the cloud database does not hold this record'
      ]
    ]
    if (e.commitment) {
      rows.push([
        'Commitment',
        `on chain ${mono(e.commitment.onChain)}<br>in the row ${mono(e.commitment.inRow)}<br>recomputed from the payload ${
          e.commitment.recomputed === null
            ? '<strong>(the payload does not decrypt)</strong>'
            : mono(e.commitment.recomputed)
        }`
      ])
    }
    if (e.proofHolds !== null) {
      rows.push([
        'Merkle proof',
        e.proofHolds
          ? "the row's proof takes the anchored leaf to the root"
          : "<strong>the row's proof does not take the anchored leaf to the root</strong>"
      ])
    }
    parts.push(facts(rows))
    if (e.differences.length > 0) {
      parts.push(
        table(
          ['Field', 'Expected (chain)', 'Found (cloud)'],
          e.differences.map((d) => [
            escapeHtml(d.field),
            mono(d.expected ?? '(none)'),
            mono(d.found ?? '(none)')
          ]),
          { widths: [24, 38, 38] }
        )
      )
    }
  }
  return `<div class="problem">${parts.join('')}</div>`
}

/**
 * The report as one self-contained HTML page: inline CSS, no scripts, no
 * external resources (a CSP forbids them), every value escaped, and print
 * rules so that it prints to PDF with no row cut in two and table headers
 * repeated on each page.
 */
export function renderHtml(report: AuditReport): string {
  const { ranBy, scope, ledger, cloud, counts } = report
  const title = `MediBlock audit report, ${report.finishedAt}`
  const summary = facts([
    ['Started', escapeHtml(report.startedAt)],
    ['Finished', escapeHtml(report.finishedAt)],
    [
      'Run by',
      `${escapeHtml(ranBy.username)} (${escapeHtml(ranBy.role)}), address ${mono(ranBy.address)}`
    ],
    ['Workstation', `${mono(ranBy.workstationId)}, MediBlock ${escapeHtml(ranBy.appVersion)}`],
    ['Patient', scope.patientId ? mono(scope.patientId) : 'all patients'],
    ['Since', scope.since ? escapeHtml(scope.since) : 'the beginning']
  ])
  const ledgerFacts = facts([
    ['Node', `${escapeHtml(ledger.kind)} node at ${mono(ledger.nodeUrl)}`],
    ['Chain id', escapeHtml(ledger.chainId)],
    ['Contract', mono(ledger.contract)],
    ['Deployed in block', escapeHtml(ledger.deployBlock)],
    [
      'Read up to block',
      `${escapeHtml(ledger.checkedTo.number)} (${escapeHtml(ledger.checkedTo.timestamp)})<br>${mono(ledger.checkedTo.hash)}`
    ]
  ])
  const cloudFacts = facts([
    ['Engine', escapeHtml(cloud.engine)],
    ['Where', escapeHtml(cloud.where)],
    ['Details', escapeHtml(cloud.details)],
    ['Database id', mono(cloud.databaseId)],
    ['Schema version', escapeHtml(cloud.schemaVersion)]
  ])
  const countRows = [
    ['Records checked', escapeHtml(counts.checked)],
    ['Verified', escapeHtml(counts.verified)],
    ['With problems', escapeHtml(counts.problems)],
    ...PROBLEM_KINDS.map((k) => [`&nbsp;&nbsp;${escapeHtml(k)}`, escapeHtml(counts.byKind[k])])
  ]
  const problems =
    report.problems.length === 0
      ? '<p class="none">None: every record in scope verifies against the chain.</p>'
      : report.problems.map(problemBlock).join('')
  const batches =
    report.batches.length === 0
      ? '<p class="none">No batch holds a record in scope.</p>'
      : table(
          ['Batch', 'Transaction', 'Block', 'Merkle root (in contract state)', 'Records'],
          report.batches.map((b) => [
            escapeHtml(b.chainBatch),
            mono(b.txHash),
            escapeHtml(b.blockNumber),
            mono(b.root),
            `${escapeHtml(b.records)} (${escapeHtml(b.accepted)} accepted)`
          ]),
          { widths: [8, 38, 9, 33, 12] }
        )
  const outcome =
    report.outcome === 'verified'
      ? `<span class="outcome verified">All ${escapeHtml(counts.checked)} record(s) verify</span>`
      : `<span class="outcome problems">${escapeHtml(counts.problems)} problem(s) in ${escapeHtml(counts.checked)} record(s)</span>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>MediBlock audit report</h1>
<p>${outcome}</p>
</header>
<section><h2>Summary</h2>${summary}</section>
<section><h2>Ledger</h2>${ledgerFacts}</section>
<section><h2>Cloud database</h2>${cloudFacts}</section>
<section><h2>Counts</h2>${table(['', 'Records'], countRows, { cls: 'counts', widths: [60, 40] })}</section>
<section><h2>Problems</h2>${problems}</section>
<section><h2>What this report proves</h2><ul class="notes">${report.notes
    .map((n) => `<li>${escapeHtml(n)}</li>`)
    .join('')}</ul></section>
<section class="batches"><h2>Chain references</h2>
<p>Each batch below is one transaction to the ledger contract; its Merkle root is in contract state (<span class="mono">batch(id)</span>). With these, anyone can check the records on any node of chain ${escapeHtml(ledger.chainId)}.</p>
${batches}</section>
<footer>Written by MediBlock ${escapeHtml(ranBy.appVersion)} (${escapeHtml(report.kind)} version ${escapeHtml(report.version)}).</footer>
</body>
</html>
`
}
