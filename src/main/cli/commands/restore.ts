import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { restoreCloud } from '../../audit/restore'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** `mediblock restore`: repair what `verify` found, from copies that verify. */
export function restoreCommand(program: Command, context: CliContext): void {
  program
    .command('restore')
    .description(
      'rewrite damaged or deleted cloud rows from this workstation’s verified copies (after verify)'
    )
    .option('--tid <tid>', 'only this record (repeat for more)', (v, p: string[] = []) => [...p, v])
    .option('--all-problems', 'every problem `mediblock verify` finds')
    .requiredOption('--as <admin>', 'the admin doing it')
    .addHelpText(
      'after',
      '\nA copy is used only after it verifies against the chain itself. Rows with no anchor (forged)\nare removed; a record the ledger refused goes to the audit table. Each action is in the\naudit log. Exit codes: 0 all restored; 1 some could not be (no verified copy here); 2 error.'
    )
    .action(
      async (options: { tid?: string[]; allProblems?: boolean; as: string }, command: Command) => {
        await withApp(command, context, async (app, { json }) => {
          if (!options.allProblems && !options.tid?.length) {
            throw makeError('say what to restore: --tid TID or --all-problems', 'INVALID_ARGUMENT')
          }
          const session = await loginAs(app, options.as)
          const outcomes = await restoreCloud(
            app,
            session,
            options.allProblems ? undefined : options.tid
          )
          print(context.io, json, outcomes, () =>
            outcomes.length === 0
              ? 'Nothing to restore: every record verifies.'
              : outcomes
                  .map((o) => `${o.action.padEnd(20)} ${o.tid}  ${o.kind}: ${o.detail}`)
                  .join('\n')
          )
          context.exitCode = outcomes.some((o) => o.action === 'not-restored')
            ? EXIT.CHECK_FAILED
            : EXIT.OK
        })
      }
    )
}
