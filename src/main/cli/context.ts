import type { ExitCode } from './exit-codes'
import type { Command } from 'commander'
import { resolveDataDir } from '../config/data-dir'

/** Where a command writes; injectable so tests can capture output. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
}

/** What a command needs: where to write, and where to leave its exit code. */
export interface CliContext {
  readonly io: CliIo
  exitCode: ExitCode
}

/** The global options every command understands. */
export interface GlobalOptions {
  readonly dataDir: string
  readonly json: boolean
}

/** Reads the global options as seen from a subcommand. */
export function globalOptions(command: Command, io: CliIo): GlobalOptions {
  const opts = command.optsWithGlobals<{ dataDir?: string; json?: boolean }>()
  return {
    dataDir: resolveDataDir(opts.dataDir, {
      env: io.env,
      platform: process.platform,
      home: io.env['HOME'] ?? ''
    }),
    json: opts.json === true
  }
}

/** Prints one JSON document (for `--json`) or human lines. */
export function print(io: CliIo, json: boolean, value: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(value)}\n` : `${human()}\n`)
}
