import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { runVerify } from '../../audit/audit-service'
import type { AuditResult } from '../../audit/verify-cloud'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** The summary a person reads. */
export function describeAudit(result: AuditResult): string {
  const head =
    result.problems.length === 0
      ? `All ${result.checked} record(s) verify against the chain.`
      : `${result.problems.length} problem(s) in ${result.checked} record(s); ${result.verified} verify.`
  return [head, ...result.problems.map((p) => `  ${p.kind.padEnd(16)} ${p.tid}  ${p.detail}`)].join(
    '\n'
  )
}

/** `mediblock verify`: prove the cloud copy intact, or name every record that is not. */
export function verifyCommand(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description('check the cloud database against the chain: altered, deleted or forged records')
    .requiredOption('--as <username>', 'an admin or auditor (their login unlocks the clinic keys)')
    .option('--patient <id>', "only this patient's records (id or MRN)")
    .option('--since <date>', 'only records since this date (YYYY-MM-DD or ISO time)')
    .addHelpText(
      'after',
      '\nExit codes: 0 every record verifies; 1 problems were found (each named, with --json as\n{checked, verified, problems: [{tid, kind, detail}]}); 2 it could not run (it says whether the\nnode or the cloud could not be reached). Progress goes to stderr.'
    )
    .action(async (options: { as: string; patient?: string; since?: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        let since: Date | undefined
        if (options.since) {
          since = new Date(options.since)
          if (Number.isNaN(since.getTime())) {
            throw makeError(`--since ${options.since} is not a date`, 'INVALID_ARGUMENT')
          }
        }
        const session = await loginAs(app, options.as)
        let last = 0
        const result = await runVerify(app, session, {
          ...(options.patient ? { patient: options.patient } : {}),
          ...(since ? { since } : {}),
          onProgress: ({ anchored, cloud }) => {
            if (Date.now() - last < 1000) return
            last = Date.now()
            context.io.stderr(
              `verify: ${anchored} anchored record(s) read, ${cloud} cloud row(s) checked\n`
            )
          }
        })
        print(context.io, json, result, () => describeAudit(result))
        context.exitCode = result.problems.length === 0 ? EXIT.OK : EXIT.CHECK_FAILED
      })
    })
}
