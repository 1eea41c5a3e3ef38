import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { initClinic } from '../../clinic/init-clinic'
import type { App } from '../../core/create-app'
import { joinClinic } from '../../enroll/join-clinic'
import { readPassword } from '../../keys/password-input'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { withApp } from '../session'
import { readPassphrase } from './enroll'

async function join(
  app: App,
  file: string,
  admin: string,
  json: boolean,
  context: CliContext
): Promise<void> {
  let bundle: string
  try {
    bundle = readFileSync(file, 'utf8')
  } catch {
    throw makeError(`cannot read ${file}`, 'INVALID_ARGUMENT')
  }
  const passphrase = await readPassphrase(false)
  const password = await readPassword({ prompt: `Password for ${admin}: ` })
  const result = await joinClinic(app, { bundle, passphrase, admin, password })
  print(context.io, json, result, () =>
    [
      `Joined "${result.clinic}" as another workstation; ${result.users} user(s) can log in here.`,
      `Ledger: ${result.ledger.nodeUrl}, contract ${result.ledger.address} (chain ${result.ledger.chainId})`,
      `Handshaker account: ${result.handshaker}`,
      `Secrets: ${result.secretStore === 'keychain' ? 'OS keychain' : 'encrypted vault file'}`,
      'Run `mediblock sync` to fetch the records of the other workstations.'
    ].join('\n')
  )
  context.exitCode = EXIT.OK
}

function parseConfirmations(value: string | undefined): number {
  if (value === undefined) return 1
  const blocks = Number(value)
  if (!Number.isInteger(blocks) || blocks < 0 || blocks > 64) {
    throw makeError('--confirmations is a whole number from 0 to 64', 'INVALID_ARGUMENT')
  }
  return blocks
}

/** `mediblock init`: set up the clinic on this workstation. */
export function initCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('set up a clinic: first admin, keys, ledger (bundled node, or --node/--contract)')
    .option('--clinic <name>', "the clinic's name (not with --join)")
    .requiredOption('--admin <username>', 'username of the first admin (with --join: an admin)')
    .option('--admin-name <name>', "the admin's full name (default: the username)")
    .option('--node <url>', 'JSON-RPC URL of a remote Ethereum node (with --contract)')
    .option('--contract <address>', 'address of an existing ledger on that node')
    .option('--join <file>', 'join a clinic with an enrollment file from one of its admins')
    .option(
      '--confirmations <blocks>',
      'remote ledger: blocks to wait on top of a batch before its ACK counts (default 1)'
    )
    .addHelpText(
      'after',
      '\nThe admin password comes from MEDIBLOCK_PASSWORD, or is asked for on a terminal.'
    )
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      const { io } = context
      await withApp(command, context, async (app, { json }) => {
        if (options['join']) {
          await join(app, options['join'], options['admin'] ?? '', json, context)
          return
        }
        if (!options['clinic']) throw makeError('--clinic NAME is needed', 'INVALID_ARGUMENT')
        const remote = options['node'] ?? options['contract']
        if (remote && !(options['node'] && options['contract'])) {
          throw makeError('--node and --contract go together', 'INVALID_ARGUMENT')
        }
        const password = await readPassword({
          prompt: `New password for ${options['admin']}: `,
          confirm: true
        })
        const result = await initClinic(app, {
          clinicName: options['clinic'] ?? '',
          admin: {
            username: options['admin'] ?? '',
            displayName: options['adminName'] ?? options['admin'] ?? '',
            password
          },
          ledger:
            options['node'] && options['contract']
              ? {
                  kind: 'remote',
                  nodeUrl: options['node'],
                  address: options['contract'],
                  confirmations: parseConfirmations(options['confirmations'])
                }
              : { kind: 'bundled' }
        })
        print(io, json, result, () =>
          [
            `Clinic "${result.clinic}" is set up; ${result.admin} is its admin.`,
            `Ledger: ${result.ledger.kind === 'bundled' ? 'bundled node' : result.ledger.nodeUrl}, contract ${result.ledger.address} (chain ${result.ledger.chainId})`,
            `Handshaker account: ${result.handshaker}`,
            `Secrets: ${result.secretStore === 'keychain' ? 'OS keychain' : 'encrypted vault file'}`,
            ...(result.ledger.kind === 'remote'
              ? [
                  `The ledger's admin must grant HANDSHAKER_ROLE to the handshaker account above and fund it;`,
                  `to register clinicians from here, also grant the admin role to ${result.adminAddress} and fund it.`
                ]
              : [])
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
