import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import pino, { type Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * Field names that may carry PHI or secrets. Code should never log them in
 * the first place; redaction is the second line of defence.
 */
const REDACTED_PATHS = [
  'password',
  'passphrase',
  'privateKey',
  'secret',
  'token',
  'payload',
  'patient',
  'name',
  'dateOfBirth',
  'attributes',
  'comment',
  '*.password',
  '*.passphrase',
  '*.privateKey',
  '*.secret',
  '*.token',
  '*.payload',
  '*.patient',
  '*.name',
  '*.dateOfBirth',
  '*.attributes',
  '*.comment'
]

export interface LoggerOptions {
  /** JSON-lines log file; its folder is created. */
  readonly file: string
  readonly level?: pino.LevelWithSilent
  /**
   * Write synchronously. Short-lived processes (the CLI) want this so that
   * nothing is lost on exit; long-lived ones (server, Electron) do not.
   */
  readonly sync?: boolean
}

/** A structured logger writing JSON lines to the data dir's log file. */
export function createLogger(options: LoggerOptions): Logger {
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 })
  const destination = pino.destination({
    dest: options.file,
    sync: options.sync ?? false,
    mkdir: true,
    mode: 0o600
  })
  return pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime
    },
    destination
  )
}
