import { writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import { exportEnrollment } from '../../enroll/export-enrollment'
import { readPassword } from '../../keys/password-input'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** The passphrase of an enrollment bundle: `MEDIBLOCK_ENROLL_PASSPHRASE`, or a prompt. */
export function readPassphrase(confirm: boolean): Promise<string> {
  return readPassword({
    env: { MEDIBLOCK_PASSWORD: process.env['MEDIBLOCK_ENROLL_PASSPHRASE'] },
    prompt: 'Enrollment passphrase: ',
    confirm
  })
}

/** `mediblock enroll export`: prepare another workstation of this clinic. */
export function enrollCommand(program: Command, context: CliContext): void {
  const enroll = program
    .command('enroll')
    .description('add another workstation to this clinic (then `mediblock init --join FILE`)')
  enroll
    .command('export')
    .description(
      'write an encrypted enrollment file: ledger, cloud, clinic secrets, users, templates'
    )
    .requiredOption('--out <file>', 'where to write it (owner-only)')
    .requiredOption('--as <admin>', 'the admin doing it')
    .option('--fund <ether>', "ether to send the new workstation's handshaker account", '0')
    .addHelpText(
      'after',
      '\nThe admin password comes from MEDIBLOCK_PASSWORD, the one-time passphrase that seals the\nfile from MEDIBLOCK_ENROLL_PASSPHRASE (at least 12 characters); either is asked for on a\nterminal. Give the passphrase to the other workstation by another way than the file.'
    )
    .action(async (options: { out: string; as: string; fund: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const admin = await loginAs(app, options.as)
        const passphrase = await readPassphrase(true)
        const exported = await exportEnrollment(app, admin, {
          passphrase,
          fundEther: options.fund
        })
        writeFileSync(options.out, exported.bundle, { mode: 0o600 })
        const { bundle: _sealed, ...result } = exported
        print(context.io, json, { ...result, file: options.out }, () =>
          [
            `Wrote ${options.out}. On the new workstation: mediblock init --join ${options.out} --admin ${options.as}`,
            `Its handshaker account: ${exported.handshaker}${exported.authorized ? ' (granted on the ledger)' : ''}`,
            ...(exported.notice ? [`Still to do: ${exported.notice}.`] : [])
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
