import type { Command } from 'commander'
import type { AppInfo } from '../../../shared/ipc/schemas'
import { createApp } from '../../core/create-app'
import { globalOptions, print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'

const CLOUD_LABELS: Readonly<Record<AppInfo['cloud']['engine'], string>> = {
  sqlite: 'embedded SQLite (a stand-in for a real cloud database)',
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  'data-api': 'Aurora (RDS Data API)'
}

const LEDGER_LABELS: Readonly<Record<AppInfo['ledger']['kind'], string>> = {
  none: 'not set up',
  bundled: 'bundled node on this workstation',
  remote: 'remote node'
}

/** Human lines for `mediblock status`. */
export function formatStatus(info: AppInfo): string {
  const rows: [string, string][] = [
    ['Data dir', info.dataDir],
    ['Workstation', info.workstationId],
    ['Local store', `${info.localStore.path} (schema ${info.localStore.schemaVersion})`],
    ['Clinic', info.clinic?.name ?? 'not set up'],
    ['Ledger', LEDGER_LABELS[info.ledger.kind]],
    ['Cloud', CLOUD_LABELS[info.cloud.engine]],
    ['Secrets', info.secretStore.description],
    [
      'Queue',
      `${info.queue.queued} waiting for the ledger, ${info.queue.submitted} in ${info.queue.pendingBatches} sent batch(es), ` +
        `${info.queue.cloudBacklog} waiting for the cloud`
    ],
    [
      'Last sync',
      info.sync.lastError
        ? `failed ${info.sync.lastErrorAt ?? ''}: ${info.sync.lastError}`
        : (info.sync.lastPushAt ?? 'never')
    ],
    [
      'Records',
      `${info.queue.anchored + info.queue.synced} on chain (${info.queue.synced} synced), ${info.queue.rejected} rejected`
    ]
  ]
  const width = Math.max(...rows.map(([k]) => k.length)) + 2
  return [`${info.name} ${info.version}`, ...rows.map(([k, v]) => k.padEnd(width) + v)].join('\n')
}

/** `mediblock status`: what this workstation is and has. */
export function statusCommand(program: Command, context: CliContext): void {
  program
    .command('status')
    .description('show this workstation: data dir, clinic, ledger, cloud, secrets, queue')
    .action(async (_options: unknown, command: Command) => {
      const { io } = context
      const { dataDir, json } = globalOptions(command, io)
      const app = await createApp({ dataDir, face: 'cli', logSync: true })
      try {
        const info = app.info()
        print(io, json, info, () => formatStatus(info))
        context.exitCode = EXIT.OK
      } finally {
        await app.close('cli exit')
      }
    })
}
