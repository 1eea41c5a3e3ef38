import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import pino, { type Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * Field names that may carry PHI or secrets. Code should never log them in
 * the first place; redaction is the second line of defence.
 */
const SENSITIVE_FIELDS = [
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
  'comment'
]
const REDACTED_PATHS = [...SENSITIVE_FIELDS, ...SENSITIVE_FIELDS.map((field) => `*.${field}`)]

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

/** A logger and the means to close its file cleanly. */
export interface LogHandle {
  readonly logger: Logger
  /** Flushes what is buffered and closes the file. Idempotent. */
  close(): Promise<void>
}

/** A structured logger writing JSON lines (owner-only) to the data dir's log file. */
export function createLogger(options: LoggerOptions): LogHandle {
  mkdirSync(dirname(options.file), { recursive: true, mode: 0o700 })
  const destination = pino.destination({
    dest: options.file,
    sync: options.sync ?? false,
    mode: 0o600
  })
  const logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime
    },
    destination
  )
  // SonicBoom opens its file in the background when async, and says so.
  let ready = false
  destination.once('ready', () => (ready = true))
  let closed: Promise<void> | undefined
  return {
    logger,
    close() {
      closed ??= new Promise<void>((resolve) => {
        const end = () => {
          destination.once('close', () => resolve())
          destination.end()
        }
        // An async destination opens its file in the background; ending it
        // before then would lose the open and the lines already written.
        if (!ready) destination.once('ready', end)
        else end()
      })
      return closed
    }
  }
}
