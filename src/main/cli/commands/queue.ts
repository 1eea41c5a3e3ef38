import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { drainQueue } from '../../clinic/records-service'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** `mediblock queue [--drain --as USER]`: the offline queue, and sending it. */
export function queueCommand(program: Command, context: CliContext): void {
  program
    .command('queue')
    .description('show the offline queue; --drain sends queued records to the ledger')
    .option('--drain', 'send every queued record now')
    .option('--as <username>', 'who unlocks the keys to send (needed with --drain)')
    .action(async (options: { drain?: boolean; as?: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        let sent = 0
        if (options.drain) {
          if (!options.as) throw makeError('--drain needs --as USERNAME', 'INVALID_ARGUMENT')
          sent = await drainQueue(app, await loginAs(app, options.as))
        }
        const counts = app.store.records.countByState()
        const pendingBatches = app.store.records.pendingBatches().length
        const cloudBacklog = app.store.records.cloudBacklog()
        const result = { ...counts, pendingBatches, cloudBacklog, sent }
        print(context.io, json, result, () =>
          [
            `Waiting for the ledger: ${counts.queued} queued, ${counts.submitted} in ${pendingBatches} sent batch(es)`,
            `Acknowledged: ${counts.anchored} on chain, ${counts.rejected} rejected`,
            `Waiting for the cloud: ${cloudBacklog}; synced: ${counts.synced}`,
            ...(options.drain ? [`Sent ${sent} record(s) now.`] : [])
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
