import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import type { ClinicSession } from '../../clinic/clinic-session'
import type { App } from '../../core/create-app'
import { syncOnce, type SyncReport } from '../../sync/sync-service'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** One round in words. */
export function describeSync(r: SyncReport): string {
  return [
    `Pushed ${r.pushed} record(s) to the cloud (${r.unchanged} already there), ${r.rejections} refusal(s) to its audit table.`,
    `Pulled ${r.imported} record(s) from other workstations, verified against the chain.`,
    ...(r.problems > 0
      ? [`${r.problems} pulled record(s) did not verify and were not imported (see --json).`]
      : []),
    ...r.conflicts.map(
      (c) =>
        `Conflict: the cloud holds a different ${c.tid} (${c.fields.join(', ')}); not overwritten.`
    ),
    `Outbox: ${r.outbox.waiting} waiting${r.outbox.failing ? `, ${r.outbox.failing} failing` : ''}.`
  ].join('\n')
}

function problemsOf(app: App) {
  return app.store.sync.problems()
}

async function watch(
  app: App,
  session: ClinicSession,
  context: CliContext,
  json: boolean,
  intervalMs: number
): Promise<void> {
  let stop = false
  let wake: (() => void) | undefined
  const onSignal = () => {
    stop = true
    wake?.()
  }
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  try {
    while (!stop) {
      try {
        const report = await syncOnce(app, session)
        print(
          context.io,
          json,
          { at: new Date().toISOString(), ...report },
          () => `${new Date().toISOString()}  ${describeSync(report).split('\n').join(' ')}`
        )
      } catch (error) {
        const message = (error as Error).message
        if (json)
          context.io.stdout(`${JSON.stringify({ at: new Date().toISOString(), error: message })}\n`)
        context.io.stderr(`mediblock: sync: ${message} (retrying)\n`)
      }
      await new Promise<void>((resolve) => {
        wake = resolve
        setTimeout(resolve, intervalMs).unref()
      })
    }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/** `mediblock sync [--watch]`: push the outbox to the cloud, pull other workstations' records. */
export function syncCommand(program: Command, context: CliContext): void {
  program
    .command('sync')
    .description(
      'push acknowledged records to the cloud database, pull and verify those of other workstations'
    )
    .requiredOption('--as <username>', 'who unlocks the clinic keys')
    .option('--watch', 'keep syncing until interrupted')
    .option('--interval <seconds>', 'with --watch: seconds between rounds', '10')
    .addHelpText(
      'after',
      '\nExit codes: 0 synced; 1 synced, but a pulled record did not verify or the cloud holds a\ndifferent row under one of ours; 2 the cloud or the ledger could not be reached (nothing is lost:\nthe outbox keeps every record and retries with backoff).'
    )
    .action(
      async (options: { as: string; watch?: boolean; interval: string }, command: Command) => {
        await withApp(command, context, async (app, { json }) => {
          const seconds = Number(options.interval)
          if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3600) {
            throw makeError('--interval is 1 to 3600 seconds', 'INVALID_ARGUMENT')
          }
          const session = await loginAs(app, options.as)
          if (options.watch) {
            await watch(app, session, context, json, seconds * 1000)
            context.exitCode = EXIT.OK
            return
          }
          const report = await syncOnce(app, session)
          const problems = problemsOf(app)
          print(context.io, json, { ...report, problemRecords: problems }, () =>
            describeSync(report)
          )
          context.exitCode =
            report.problems > 0 || report.conflicts.length > 0 ? EXIT.CHECK_FAILED : EXIT.OK
        })
      }
    )
}
