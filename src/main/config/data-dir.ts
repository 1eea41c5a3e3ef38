import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** The folder name under the OS app-data dir; matches Electron's `userData`. */
export const APP_DIR_NAME = 'MediBlock'

/**
 * Where everything of one workstation lives. One folder, so that a backup, a
 * move or a `--data-dir` for tests is one path.
 */
export interface DataDirLayout {
  readonly root: string
  /** Local store (better-sqlite3, WAL): users, patients, records, outbox, audit log, config. */
  readonly localDb: string
  /** Embedded cloud store: the default cloud database, a stand-in for a real one. */
  readonly cloudDb: string
  /** The bundled Ethereum node's database. */
  readonly chainDir: string
  /** Clinicians' encrypted Ethereum keystores, one file per user. */
  readonly keysDir: string
  /** Encrypted secrets vault, used where no OS keychain answers. */
  readonly vaultFile: string
  /** Structured logs (pino, JSON lines). Never PHI. */
  readonly logsDir: string
  readonly logFile: string
  /** Exports and audit reports written by the app when no path is given. */
  readonly exportsDir: string
}

/** The layout of a data dir rooted at `root`. */
export function dataDirLayout(root: string): DataDirLayout {
  const dir = resolve(root)
  return {
    root: dir,
    localDb: join(dir, 'local.db'),
    cloudDb: join(dir, 'cloud.db'),
    chainDir: join(dir, 'chain'),
    keysDir: join(dir, 'keys'),
    vaultFile: join(dir, 'vault.json'),
    logsDir: join(dir, 'logs'),
    logFile: join(dir, 'logs', 'mediblock.log'),
    exportsDir: join(dir, 'exports')
  }
}

/** What {@link resolveDataDir} reads from the process, injectable for tests. */
export interface DataDirEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly platform: NodeJS.Platform
  readonly home: string
}

const processEnvironment = (): DataDirEnvironment => ({
  env: process.env,
  platform: process.platform,
  home: homedir()
})

/**
 * The OS app-data dir for MediBlock: the same folder Electron's
 * `app.getPath('userData')` gives, so the CLI and the desktop app share one
 * data dir by default.
 */
export function defaultDataDir(environment: DataDirEnvironment = processEnvironment()): string {
  const { env, platform, home } = environment
  if (platform === 'win32') {
    return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_DIR_NAME)
  }
  if (platform === 'darwin') {
    return join(home, 'Library', 'Application Support', APP_DIR_NAME)
  }
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), APP_DIR_NAME)
}

/**
 * The data dir to use: an explicit `--data-dir`, else `$MEDIBLOCK_HOME`, else
 * the OS app-data dir.
 */
export function resolveDataDir(
  explicit?: string,
  environment: DataDirEnvironment = processEnvironment()
): string {
  if (explicit) return resolve(explicit)
  const fromEnv = environment.env['MEDIBLOCK_HOME']
  if (fromEnv) return resolve(fromEnv)
  return defaultDataDir(environment)
}
