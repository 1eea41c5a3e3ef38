import { existsSync } from 'node:fs'
import { join } from 'node:path'

/**
 * better-sqlite3 built for Electron's ABI. `npm ci` builds native modules for
 * Node (the CLI, browser mode and the tests run under Node); `npm start`
 * builds a second copy for Electron into this cache the first time it
 * launches the desktop app (scripts/electron-native.mjs), and the main
 * process loads that copy. A packaged app has its modules rebuilt in place by
 * the packager, so it needs no override.
 */
export function electronSqliteBinding(
  appRoot: string,
  electronVersion: string,
  env: Readonly<Record<string, string | undefined>> = process.env
): string | undefined {
  const dir = env['MEDIBLOCK_ELECTRON_NATIVE_DIR'] ?? nativeCacheDir(appRoot, electronVersion)
  const file = join(dir, 'better_sqlite3.node')
  return existsSync(file) ? file : undefined
}

/** Where the Electron builds of native modules live in a checkout. */
export function nativeCacheDir(appRoot: string, electronVersion: string): string {
  return join(appRoot, 'node_modules', '.cache', 'mediblock-electron', electronVersion)
}
