// Builds the native modules once more, for Electron's ABI, into a cache that
// the Electron main process loads from (src/main/electron/native.ts). The
// copies in node_modules stay built for Node, which runs the CLI, browser
// mode and the tests. Needs the Electron headers, so it works only where
// Electron itself can be downloaded.
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const require = createRequire(join(ROOT, 'package.json'))

/** node-gyp: npm's own when run under npm, else the one bundled with npm. */
function nodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp
  return join(
    dirname(process.execPath),
    '..',
    'lib',
    'node_modules',
    'npm',
    'node_modules',
    'node-gyp',
    'bin',
    'node-gyp.js'
  )
}

/**
 * Ensures `better_sqlite3.node` for this Electron exists in the cache.
 * Answers its path; throws with node-gyp's output when the build fails.
 */
export function ensureElectronNativeModules() {
  const electronVersion = require('electron/package.json').version
  const cache = join(ROOT, 'node_modules', '.cache', 'mediblock-electron', electronVersion)
  const target = join(cache, 'better_sqlite3.node')
  if (existsSync(target)) return target
  const work = mkdtempSync(join(tmpdir(), 'mediblock-electron-native-'))
  try {
    const source = dirname(require.resolve('better-sqlite3/package.json'))
    cpSync(source, work, { recursive: true, filter: (path) => !path.includes(`${source}/build`) })
    const env = { ...process.env }
    // A machine-wide nodedir (Node's headers) would build for the wrong ABI.
    delete env.npm_config_nodedir
    delete env.NPM_CONFIG_NODEDIR
    const result = spawnSync(
      process.execPath,
      [
        nodeGyp(),
        'rebuild',
        '--release',
        `--target=${electronVersion}`,
        '--runtime=electron',
        '--dist-url=https://electronjs.org/headers'
      ],
      { cwd: work, env, encoding: 'utf8' }
    )
    if (result.status !== 0) throw new Error(`node-gyp failed:\n${result.stdout}${result.stderr}`)
    mkdirSync(cache, { recursive: true })
    copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target)
    return target
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureElectronNativeModules())
  } catch (error) {
    console.error(`electron-native: ${error.message.split('\n')[0]}`)
    process.exit(2)
  }
}
