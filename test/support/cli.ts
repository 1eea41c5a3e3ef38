import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../..')
export const BIN = resolve(ROOT, 'bin/mediblock.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the built `mediblock` as a user would, and waits for it. */
export function mediblock(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    // Generous: a command that starts the bundled node can take long on a loaded 2-core machine.
    timeout: 90_000
  })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Starts `mediblock serve --json` and resolves once it has printed its URL. */
export function startServe(
  dataDir: string,
  extraArgs: readonly string[] = []
): Promise<{ child: ChildProcessWithoutNullStreams; url: string; port: number }> {
  const child = spawn(
    process.execPath,
    [BIN, '--json', '--data-dir', dataDir, 'serve', ...extraArgs],
    {
      env: { ...process.env }
    }
  )
  return new Promise((resolvePromise, reject) => {
    let out = ''
    let err = ''
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        const { url, port } = JSON.parse(line) as { url: string; port: number }
        resolvePromise({ child, url, port })
      }
    })
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)))
  })
}

/** Stops a child with SIGTERM and resolves with its exit code. */
export function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode)
  return new Promise((resolvePromise) => {
    child.once('exit', (code) => resolvePromise(code))
    child.kill('SIGTERM')
  })
}
