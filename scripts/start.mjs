// `npm start`: builds if needed, then launches the Electron app. Where the
// Electron runtime cannot be had (no binary and no download, or no display),
// it says so in one line and runs the same app in browser mode instead.
// Arguments after `--` go to the app (for example `npm start -- --data-dir DIR`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { buildIfNeeded } from './build-if-needed.mjs'
import { ensureElectronNativeModules } from './electron-native.mjs'

const ROOT = resolve(import.meta.dirname, '..')
const args = process.argv.slice(2)

/** Why Electron cannot run here, or `null` with its path when it can. */
function electronRuntime() {
  if (process.env.MEDIBLOCK_BROWSER_MODE === '1') return { reason: 'MEDIBLOCK_BROWSER_MODE=1' }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'no display' }
  }
  // Requiring `electron` fetches its runtime on first use; keep its output
  // (and its stack trace when that fails) off the user's terminal.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 10 * 60_000
  })
  const path = probe.stdout.trim()
  if (probe.status !== 0 || !path || !existsSync(path)) {
    return { reason: 'the Electron runtime is not installed and could not be downloaded' }
  }
  try {
    ensureElectronNativeModules()
  } catch {
    return { reason: 'native modules could not be built for Electron' }
  }
  return { path }
}

function run(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: ROOT, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 2)))
}

try {
  buildIfNeeded({ quiet: true })
  const electron = electronRuntime()
  if (electron.path) {
    run(electron.path, ['.', ...args])
  } else {
    const canOpen =
      process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
    console.log(
      `MediBlock: cannot open the desktop window (${electron.reason}); starting browser mode instead.`
    )
    run(process.execPath, [
      join(ROOT, 'bin', 'mediblock.js'),
      ...args,
      'serve',
      ...(canOpen ? ['--open'] : [])
    ])
  }
} catch (error) {
  console.error(`MediBlock: ${String(error.message ?? error).split('\n')[0]}`)
  process.exit(2)
}
