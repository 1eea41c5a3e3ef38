// Cold start of browser mode: from spawning `mediblock serve` on a fresh data
// dir to the first screen rendered in Chromium with live data from the core.
// Chromium is launched before the clock starts (a person's browser is
// already open); each run uses a new data dir, a new process and a new page.
//
//   npm run bench:cold-start [-- --runs 10] [-- --screenshot docs/screenshots/first-run.png]
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { buildIfNeeded } from '../scripts/build-if-needed.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, screenshot: { type: 'string' } }
})
const runs = Number(values.runs)
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

buildIfNeeded({ quiet: true })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: FLAGS
})

async function once(screenshot) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-bench-'))
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  const started = performance.now()
  const child = spawn(process.execPath, [
    join(ROOT, 'bin/mediblock.js'),
    '--json',
    '--data-dir',
    dataDir,
    'serve'
  ])
  try {
    const url = await new Promise((resolveUrl, reject) => {
      let out = ''
      child.stdout.on('data', (chunk) => {
        out += chunk
        const line = out.split('\n').find((l) => l.startsWith('{'))
        if (line) resolveUrl(JSON.parse(line).url)
      })
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
    })
    const listening = performance.now() - started
    await page.goto(url)
    await page.getByTestId('data-dir').waitFor()
    const rendered = performance.now() - started
    if (screenshot) await page.screenshot({ path: screenshot })
    return { listening, rendered }
  } finally {
    await page.close()
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

const quantile = (xs, q) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]
}

await once() // warm the OS file cache once, as a second launch of the day would be
const samples = []
for (let i = 0; i < runs; i++)
  samples.push(await once(i === runs - 1 ? values.screenshot : undefined))
await browser.close()

const listening = samples.map((s) => s.listening)
const rendered = samples.map((s) => s.rendered)
const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`
console.log(`browser-mode cold start, ${runs} runs (fresh data dir and process each)`)
console.log(`                      p50       p95       max`)
console.log(
  `server listening  ${fmt(quantile(listening, 0.5))} ${fmt(quantile(listening, 0.95))} ${fmt(Math.max(...listening))}`
)
console.log(
  `first screen      ${fmt(quantile(rendered, 0.5))} ${fmt(quantile(rendered, 0.95))} ${fmt(Math.max(...rendered))}`
)
console.log(
  JSON.stringify({
    bench: 'cold-start',
    runs,
    listeningMs: { p50: quantile(listening, 0.5), p95: quantile(listening, 0.95) },
    firstScreenMs: {
      p50: quantile(rendered, 0.5),
      p95: quantile(rendered, 0.95),
      max: Math.max(...rendered)
    },
    goalMs: 2000,
    ratioToGoal: quantile(rendered, 0.95) / 2000
  })
)
