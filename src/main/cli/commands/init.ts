import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { initClinic } from '../../clinic/init-clinic'
import { readPassword } from '../../keys/password-input'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { withApp } from '../session'

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
    .requiredOption('--clinic <name>', "the clinic's name")
    .requiredOption('--admin <username>', 'username of the first admin')
    .option('--admin-name <name>', "the admin's full name (default: the username)")
    .option('--node <url>', 'JSON-RPC URL of a remote Ethereum node (with --contract)')
    .option('--contract <address>', 'address of an existing ledger on that node')
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
