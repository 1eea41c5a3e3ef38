// Small helpers for the pipeline bench's figures and table.

/** The q-quantile (nearest rank) of `xs`. */
export function quantile(xs, q) {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]
}

export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length

/** Rounds to `digits` decimals. */
export const round = (x, digits = 0) => (x === null ? null : Number(x.toFixed(digits)))

export const mib = (bytes) => (bytes === null ? null : round(bytes / 2 ** 20, 0))

/** A right-aligned text table (first column left-aligned), as the other benches print. */
export function table(header, rows) {
  const cells = [header, ...rows].map((r) => r.map(String))
  const widths = header.map((_, c) => Math.max(...cells.map((r) => r[c].length)))
  const line = (r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line)
  ].join('\n')
}
