import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '../../..')
const FIXTURE = join(ROOT, 'test/fixtures/keys/keys-child.ts')

/** The keyring password of the test keyring; it guards nothing real. */
const KEYRING_PASSWORD = 'test keyring password'

/** What a child printed: its JSON result, or its coded error. */
export type ChildResult = Record<string, unknown> & {
  error?: { code: string; message: string }
}

/**
 * The keys child script (test/fixtures/keys/keys-child.ts), bundled into a
 * temp dir: a plain `node` runs it, with the packages resolved from the
 * checkout's node_modules through a symlink.
 */
export async function bundleChild(): Promise<{ script: string; dispose(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mediblock-keys-child-'))
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: {
      ssr: FIXTURE,
      outDir: dir,
      emptyOutDir: false,
      minify: false,
      rolldownOptions: { output: { format: 'es', entryFileNames: 'keys-child.mjs' } }
    }
  })
  return { script: join(dir, 'keys-child.mjs'), dispose: () => rmSync(dir, { recursive: true }) }
}

/** A home for a child: HOME and the XDG dirs, so no keyring state leaves `root`. */
export function isolatedHome(root: string): Record<string, string> {
  const dirs = {
    HOME: join(root, 'home'),
    XDG_DATA_HOME: join(root, 'home', '.local', 'share'),
    XDG_CONFIG_HOME: join(root, 'home', '.config'),
    XDG_CACHE_HOME: join(root, 'home', '.cache'),
    XDG_RUNTIME_DIR: join(root, 'run')
  }
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true, mode: 0o700 })
  return dirs
}

/** The environment every child starts from: no D-Bus, no display, nothing inherited but PATH. */
function baseEnv(home: Record<string, string>): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...home }
}

function parse(stdout: string, stderr: string, status: number | null): ChildResult {
  const line = stdout.trim().split('\n').at(-1)
  if (!line) throw new Error(`the child printed nothing (exit ${String(status)}): ${stderr}`)
  return JSON.parse(line) as ChildResult
}

/**
 * Runs the child in its own D-Bus session with gnome-keyring's Secret
 * Service, unlocked with the test keyring password. The keyring lives in
 * `home`, so a later run (a new bus, a new daemon) reopens the same keyring
 * from disk: a restart of everything but the files.
 */
export function runWithKeyring(
  script: string,
  home: Record<string, string>,
  args: string[],
  extraEnv: Record<string, string> = {}
): ChildResult {
  const result = spawnSync(
    'dbus-run-session',
    [
      '--',
      'bash',
      '-c',
      'printf %s "$KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ' +
        '&& exec "$NODE" "$@"',
      'bash',
      script,
      ...args
    ],
    {
      env: {
        ...baseEnv(home),
        ...extraEnv,
        KEYRING_PW: KEYRING_PASSWORD,
        NODE: process.execPath
      },
      encoding: 'utf8',
      timeout: 30_000
    }
  )
  return parse(result.stdout, result.stderr, result.status)
}

/** Runs the child with no D-Bus session and no display: keytar cannot reach a keychain. */
export function runWithoutDbus(
  script: string,
  home: Record<string, string>,
  args: string[],
  extraEnv: Record<string, string> = {}
): ChildResult {
  const result = spawnSync(process.execPath, [script, ...args], {
    env: { ...baseEnv(home), ...extraEnv },
    encoding: 'utf8',
    timeout: 30_000
  })
  return parse(result.stdout, result.stderr, result.status)
}

/** Runs `node -e code` under the test keyring: keytar alone, without MediBlock's code. */
export function runKeytarUnderKeyring(home: Record<string, string>, code: string): string {
  const result = spawnSync(
    'dbus-run-session',
    [
      '--',
      'bash',
      '-c',
      'printf %s "$KEYRING_PW" | gnome-keyring-daemon --unlock --components=secrets >/dev/null ' +
        '&& exec "$NODE" -e "$CODE"'
    ],
    {
      cwd: ROOT,
      env: { ...baseEnv(home), KEYRING_PW: KEYRING_PASSWORD, NODE: process.execPath, CODE: code },
      encoding: 'utf8',
      timeout: 30_000
    }
  )
  if (result.status !== 0) throw new Error(`keytar child failed: ${result.stderr}`)
  return result.stdout.trim()
}
