// `npm run screenshots`: the pictures of docs/screenshots/ (shown in the
// README) are taken by the end-to-end journeys, not by hand. Every screen a
// journey checks with axe is saved (MEDIBLOCK_E2E_SHOTS); the ones below are
// copied under stable names. A screen missing from the run is an error, so a
// renamed screen cannot leave a stale picture behind silently.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const OUT = join(ROOT, 'docs', 'screenshots')

/** The journey's screen name (as given to expectAccessible) → the file in docs/screenshots. */
export const SHOTS = [
  ['wizard: welcome', 'first-run.png'],
  ['wizard: ledger', 'first-run-ledger.png'],
  ['login with the pick list open', 'login.png'],
  ['patients, two found', 'patients.png'],
  ['patient page: charts and flagged lab result (doctor)', 'patient.png'],
  ['entry form, submitted and synced', 'entry-synced.png'],
  ['entry form, rejected by the ledger', 'entry-rejected.png'],
  ['patient timeline, cloud offline', 'offline.png'],
  ['lock screen', 'lock.png'],
  ['admin: users with actions', 'admin-users.png'],
  ['admin: queue', 'admin-queue.png'],
  ['admin: ledger', 'admin-ledger.png'],
  ['audit: a problem found, with its evidence', 'audit-problem.png']
]

/** expectAccessible's file name for a screen name. */
const fileOf = (screen) => `${screen.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`

const shots = mkdtempSync(join(tmpdir(), 'mediblock-shots-'))
try {
  const run = spawnSync(
    join(ROOT, 'node_modules', '.bin', 'vitest'),
    ['run', '--project', 'e2e', ...process.argv.slice(2)],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, MEDIBLOCK_E2E_SHOTS: shots } }
  )
  if (run.status !== 0) {
    process.stderr.write('screenshots: the end-to-end run failed; docs/screenshots unchanged\n')
    process.exit(run.status ?? 2)
  }
  const missing = SHOTS.filter(([screen]) => !existsSync(join(shots, fileOf(screen))))
  if (missing.length > 0) {
    process.stderr.write(
      `screenshots: no picture of ${missing.map(([s]) => `"${s}"`).join(', ')} in this run ` +
        `(taken: ${readdirSync(shots).join(', ')})\n`
    )
    process.exit(1)
  }
  mkdirSync(OUT, { recursive: true })
  for (const [screen, file] of SHOTS) copyFileSync(join(shots, fileOf(screen)), join(OUT, file))
  process.stdout.write(`screenshots: ${SHOTS.length} pictures in docs/screenshots\n`)
} finally {
  rmSync(shots, { recursive: true, force: true })
}
