// Cold start of browser mode: from spawning `mediblock serve` on a fresh data
// dir to the first screen rendered in Chromium with live data from the core.
// Chromium is launched before the clock starts (a person's browser is
// already open); each run uses a new data dir, a new process and a new page.
// Two cases side by side, alternating: a fresh data dir (the first-run
// wizard) and a workstation whose clinic exists (the login screen, with the
// clinic's name read from the core), each run on its own copy of one clinic.
//
//   npm run bench:cold-start [-- --runs 10] [-- --screenshot docs/screenshots/first-run.png]
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
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

const CLINIC = 'Cold Start Clinic'
const ENV = { ...process.env, MEDIBLOCK_SECRET_STORE: 'vault' }
// One clinic (bundled node, embedded cloud), set up once by the CLI; each run copies it.
const clinicDir = mkdtempSync(join(tmpdir(), 'mediblock-bench-clinic-'))
const init = spawnSync(
  process.execPath,
  [
    join(ROOT, 'bin/mediblock.js'),
    '--json',
    '--data-dir',
    clinicDir,
    'init',
    '--clinic',
    CLINIC,
    '--admin',
    'admin'
  ],
  { env: { ...ENV, MEDIBLOCK_PASSWORD: 'admin-password-1' }, encoding: 'utf8' }
)
if (init.status !== 0) throw new Error(`init: ${init.stderr}`)

async function once(existing, screenshot) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-bench-'))
  if (existing) cpSync(clinicDir, dataDir, { recursive: true })
  const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin/mediblock.js'), '--json', '--data-dir', dataDir, 'serve'],
    { env: ENV }
  )
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
    if (existing) await page.getByText(CLINIC).waitFor()
    else await page.getByTestId('data-dir').waitFor()
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

// Warm the OS file cache once for each case, as a second launch of the day would be.
await once(false)
await once(true)
const samples = { fresh: [], existing: [] }
for (let i = 0; i < runs; i++) {
  const last = i === runs - 1
  samples.fresh.push(await once(false, last ? values.screenshot : undefined))
  samples.existing.push(await once(true))
}
await browser.close()
rmSync(clinicDir, { recursive: true, force: true })

const fmt = (ms) => `${ms.toFixed(0).padStart(5)} ms`
const summary = {}
console.log(`browser-mode cold start, ${runs} runs of each case (new process and page each)`)
console.log(`                                        p50       p95       max`)
for (const [name, label] of [
  ['fresh', 'first-run wizard (fresh data dir)'],
  ['existing', 'login screen (existing clinic)   ']
]) {
  const listening = samples[name].map((s) => s.listening)
  const rendered = samples[name].map((s) => s.rendered)
  console.log(
    `${label}  listening ${fmt(quantile(listening, 0.5))} ${fmt(quantile(listening, 0.95))} ${fmt(Math.max(...listening))}`
  )
  console.log(
    `${' '.repeat(label.length)}  screen    ${fmt(quantile(rendered, 0.5))} ${fmt(quantile(rendered, 0.95))} ${fmt(Math.max(...rendered))}`
  )
  summary[name] = {
    listeningMs: { p50: quantile(listening, 0.5), p95: quantile(listening, 0.95) },
    firstScreenMs: {
      p50: quantile(rendered, 0.5),
      p95: quantile(rendered, 0.95),
      max: Math.max(...rendered)
    },
    ratioToGoal: quantile(rendered, 0.95) / 2000
  }
}
console.log(JSON.stringify({ bench: 'cold-start', runs, goalMs: 2000, ...summary }))
