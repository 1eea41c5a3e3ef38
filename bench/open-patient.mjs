// bench:open-patient: the time to open a patient with 1,000 records in the
// UI, in Debian's Chromium against `mediblock serve` (bundled node, embedded
// cloud): from the click on the patient in the search results to the first
// records on screen (the timeline draws a screenful, 20, then the rest of
// its first page), to the first page (100 records), then to the vital-sign
// charts too, over several opens after one to warm up; p50 and p95.
//
// The clinic is set up with the built CLI; the records go in through the
// core's own request (`records:add` over HTTP with the launch's token, as
// the entry form sends them) and the test waits for the ledger to take them.
// `--data-dir DIR` keeps the workstation (and reuses it when it exists);
// `--renderer DIR` serves another renderer build. Needs `npm run build`
// first, and runs under the shared build lock like the e2e tests:
//   flock /tmp/mediblock-out.lock node bench/open-patient.mjs [--opens 10]
/* global document, requestAnimationFrame, MutationObserver -- in the page, by page.evaluate */
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const ROOT = resolve(import.meta.dirname, '..')
const BIN = join(ROOT, 'bin/mediblock.js')
const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    renderer: { type: 'string' },
    opens: { type: 'string', default: '10' },
    records: { type: 'string', default: '1000' }
  }
})
const OPENS = Number(values.opens)
const RECORDS = Number(values.records)
const ADMIN = 'admin-password-1'
const DOCTOR = { username: 'dora', password: 'dora-password-1' }
const PATIENT = 'Many Records'
const env = { ...process.env, MEDIBLOCK_SECRET_STORE: 'vault' }

const keep = values['data-dir'] !== undefined
const dataDir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'mediblock-open-patient-'))
const fresh = !existsSync(join(dataDir, 'local.db'))

function cli(args, extra = {}) {
  const run = spawnSync(process.execPath, [BIN, '--json', '--data-dir', dataDir, ...args], {
    env: { ...env, ...extra },
    encoding: 'utf8'
  })
  if (run.status !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

function serve() {
  const child = spawn(process.execPath, [BIN, '--json', '--data-dir', dataDir, 'serve'], {
    env: values.renderer ? { ...env, MEDIBLOCK_RENDERER_DIR: values.renderer } : env
  })
  return new Promise((resolvePromise, reject) => {
    let out = ''
    child.stdout.on('data', (chunk) => {
      out += chunk
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) resolvePromise({ child, url: JSON.parse(line).url })
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)))
  })
}

const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
const summary = (times) => {
  const sorted = [...times].sort((a, b) => a - b)
  return `p50 ${quantile(sorted, 0.5).toFixed(0)} ms, p95 ${quantile(sorted, 0.95).toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`
}

if (fresh) {
  const started = Date.now()
  cli(['init', '--clinic', 'Bench Clinic', '--admin', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
  cli(
    [
      'user',
      'add',
      '--username',
      DOCTOR.username,
      '--name',
      'Dora Doctor',
      '--role',
      'doctor',
      '--as',
      'admin'
    ],
    { MEDIBLOCK_PASSWORD: ADMIN, MEDIBLOCK_NEW_PASSWORD: DOCTOR.password }
  )
  console.log(`clinic set up with the CLI in ${Date.now() - started} ms`)
}

const { child, url } = await serve()
const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token')
const origin = new URL(url).origin
async function rpc(channel, request) {
  const response = await fetch(`${origin}/rpc/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(request)
  })
  const body = await response.json()
  if (!body.ok) throw new Error(`${channel}: ${body.error.code} ${body.error.message}`)
  return body.value
}

const browser = await chromium.launch({
  executablePath:
    process.env.CHROMIUM_PATH ?? execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim(),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
})
try {
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 860 } })
  ).newPage()
  await page.goto(url)
  await page.getByRole('heading', { name: 'Log in' }).waitFor({ timeout: 60_000 })
  await page.getByRole('combobox', { name: 'User' }).fill(DOCTOR.username)
  await page.getByLabel(/^Password/).fill(DOCTOR.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('patients-screen').waitFor()

  if (fresh) {
    const started = Date.now()
    const { patient } = await rpc('patients:register', {
      name: PATIENT,
      dateOfBirth: '1950-06-01',
      sex: 'male',
      mrn: 'M-9999',
      consent: 'yes',
      idDocument: 'passport'
    })
    for (let i = 0; i < RECORDS - 1; i++) {
      await rpc('records:add', {
        patientId: patient.id,
        template: 'vital-signs',
        attributes: {
          heartRate: 60 + (i % 40),
          systolic: 110 + (i % 30),
          diastolic: 70 + (i % 15),
          temperature: 36.5 + (i % 10) / 10
        }
      })
    }
    for (;;) {
      const status = await rpc('status:get', {})
      if (status.queue.depth === 0) break
      await new Promise((r) => setTimeout(r, 1000))
    }
    console.log(`${RECORDS} records signed and on chain in ${Date.now() - started} ms`)
  }

  const first = []
  const timeline = []
  const charts = []
  for (let open = 0; open <= OPENS; open++) {
    await page.getByRole('button', { name: 'Patients' }).click()
    await page.getByRole('searchbox', { name: 'Search patients' }).fill(PATIENT)
    const link = page.getByRole('button', { name: PATIENT })
    await link.waitFor()
    const [toFirst, toTimeline, toCharts] = await link.evaluate(
      (button) =>
        new Promise((resolvePromise) => {
          const start = performance.now()
          let firstShown = null
          let shown = null
          const check = () => {
            if (firstShown === null && document.querySelector('[data-testid="timeline-item"]')) {
              firstShown = -1
              requestAnimationFrame(() => (firstShown = performance.now() - start))
            }
            if (
              shown === null &&
              document.querySelectorAll('[data-testid="timeline-item"]').length >= 100
            ) {
              requestAnimationFrame(() => (shown = performance.now() - start))
              shown = -1
            }
            if (
              shown !== null &&
              document.querySelector('[data-testid="vital-chart"] .recharts-line-curve')
            ) {
              observer.disconnect()
              requestAnimationFrame(() => {
                const done = performance.now() - start
                // The timeline's frame may come with the charts' own.
                setTimeout(
                  () =>
                    resolvePromise([
                      firstShown < 0 ? done : firstShown,
                      shown < 0 ? done : shown,
                      done
                    ]),
                  0
                )
              })
            }
          }
          const observer = new MutationObserver(check)
          observer.observe(document.body, { childList: true, subtree: true })
          button.click()
        })
    )
    if (open > 0) {
      first.push(toFirst)
      timeline.push(toTimeline)
      charts.push(toCharts)
    }
  }
  console.log(`open a patient with ${RECORDS} records, ${OPENS} opens after one to warm up:`)
  console.log(`  click to the newest records on screen:     ${summary(first)}`)
  console.log(`  click to the first 100 records on screen: ${summary(timeline)}`)
  console.log(`  click to the vital-sign charts drawn too:  ${summary(charts)}`)
} finally {
  await browser.close()
  child.kill('SIGTERM')
  await new Promise((r) => child.once('exit', r))
  if (!keep) rmSync(dataDir, { recursive: true, force: true })
}
