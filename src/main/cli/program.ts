import { Command, CommanderError, Option } from 'commander'
import { isError } from '../../shared/errors'
import { APP_VERSION } from '../core/version'
import { auditCommand } from './commands/audit'
import { cloudCommand } from './commands/cloud'
import { enrollCommand } from './commands/enroll'
import { exportCommand } from './commands/export'
import { initCommand } from './commands/init'
import { patientCommand } from './commands/patient'
import { queueCommand } from './commands/queue'
import { recordCommand } from './commands/record'
import { restoreCommand } from './commands/restore'
import { serveCommand } from './commands/serve'
import { statusCommand } from './commands/status'
import { syncCommand } from './commands/sync'
import { templateCommand } from './commands/template'
import { userCommand } from './commands/user'
import { verifyCommand } from './commands/verify'
import type { CliContext, CliIo } from './context'
import { EXIT, type ExitCode } from './exit-codes'

/** Builds the `mediblock` command tree. */
export function buildProgram(context: CliContext): Command {
  const { io } = context
  const output = {
    writeOut: (text: string) => io.stdout(text),
    writeErr: (text: string) => io.stderr(text),
    // Commander puts suggestions on a second line; automation and people
    // both read errors as one line.
    outputError: (text: string, write: (text: string) => void) =>
      write(
        `mediblock: ${text
          .replace(/^error: /, '')
          .replace(/\s*\n(?=.)/g, ' ')
          .trim()}\n`
      )
  }
  const program = new Command('mediblock')
    .description('MediBlock: tamper-evident health records for clinics')
    .version(APP_VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(
      new Option(
        '--data-dir <dir>',
        'data dir (default: $MEDIBLOCK_HOME, else the OS app-data dir)'
      )
    )
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput(output)
  initCommand(program, context)
  statusCommand(program, context)
  userCommand(program, context)
  patientCommand(program, context)
  templateCommand(program, context)
  recordCommand(program, context)
  queueCommand(program, context)
  cloudCommand(program, context)
  syncCommand(program, context)
  enrollCommand(program, context)
  verifyCommand(program, context)
  exportCommand(program, context)
  restoreCommand(program, context)
  auditCommand(program, context)
  serveCommand(program, context)
  // Every subcommand, at every depth, shares the root's error behaviour.
  const inherit = (command: Command) => {
    for (const sub of command.commands) {
      sub.exitOverride().configureOutput(output)
      inherit(sub)
    }
  }
  inherit(program)
  return program
}

/**
 * Runs `mediblock` with `argv` (without node and script) and answers the exit
 * code: 0 ok, 1 a check failed, 2 usage or runtime error. Errors become one
 * line on stderr, never a stack trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const context: CliContext = { io, exitCode: EXIT.OK }
  const program = buildProgram(context)
  if (argv.length === 0) {
    program.outputHelp()
    return EXIT.OK
  }
  try {
    await program.parseAsync([...argv], { from: 'user' })
    return context.exitCode
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successful exits; every parse error was already
      // printed by commander as one line.
      return error.exitCode === 0 ? EXIT.OK : EXIT.ERROR
    }
    const json = argv.includes('--json')
    const message = isError(error) ? error.message : (error as Error).message || String(error)
    const code = isError(error) ? error.code : 'INTERNAL'
    io.stderr(`mediblock: ${message.split('\n')[0]}\n`)
    if (json) io.stdout(`${JSON.stringify({ error: { code, message } })}\n`)
    return EXIT.ERROR
  }
}
