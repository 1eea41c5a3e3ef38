// Builds with electron-vite when the build output is missing or older than
// any source it is made from. Used by `npm start` and by the test setup.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const OUTPUTS = [
  'out/main/cli.js',
  'out/main/index.js',
  'out/preload/index.js',
  'out/renderer/index.html'
]
const INPUTS = ['src', 'package.json', 'electron.vite.config.ts']

function newestMtime(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** `true` when the build is missing or stale. */
export function buildIsStale(root = ROOT) {
  const outputs = OUTPUTS.map((p) => join(root, p))
  if (!outputs.every((p) => existsSync(p))) return true
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs))
  return INPUTS.some((p) => newestMtime(join(root, p)) > built)
}

/** Builds when needed; throws with the build's output when it fails. */
export function buildIfNeeded({ quiet = false, root = ROOT } = {}) {
  if (!buildIsStale(root)) return false
  const result = spawnSync(
    process.execPath,
    [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: quiet ? 'pipe' : 'inherit'
    }
  )
  if (result.status !== 0) {
    throw new Error(`build failed\n${result.stdout ?? ''}${result.stderr ?? ''}`)
  }
  return true
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildIfNeeded()
  } catch (error) {
    process.stderr.write(`${error.message}\n`)
    process.exit(2)
  }
}
