import { InvalidArgumentError, type Command } from 'commander'
import { addUser, giveKeySlot, registerUser, type AddedUser } from '../../clinic/users-service'
import { readPassword } from '../../keys/password-input'
import { CLINICAL_ROLES, isRole, ROLES, type Role } from '../../../shared/roles'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** One line on what happened to a user on the ledger. */
function describeAdded({ user, ledgerNotice }: AddedUser, verb: string): string {
  const head = `${verb} ${user.role} ${user.username} (${user.displayName}), address ${user.address}`
  if (ledgerNotice) return `${head}.\nNote: ${ledgerNotice}.`
  return head + (user.chainRegisteredAt ? ', registered on the ledger.' : '.')
}

function parseRole(value: string): Role {
  if (!isRole(value)) throw new InvalidArgumentError(`a role is one of ${ROLES.join(', ')}.`)
  return value
}

/** `mediblock user add|list`. */
export function userCommand(program: Command, context: CliContext): void {
  const user = program.command('user').description('manage the users of this clinic')
  user
    .command('add')
    .description('add a user (admins only); clinicians are registered on the ledger')
    .requiredOption('--username <username>', 'login name: a-z, 0-9, ".", "_", "-"')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`, parseRole)
    .requiredOption('--as <admin>', 'the admin doing it')
    .addHelpText(
      'after',
      "\nThe admin's password comes from MEDIBLOCK_PASSWORD, the new user's from\nMEDIBLOCK_NEW_PASSWORD; either is asked for on a terminal when unset."
    )
    .action(
      async (
        options: { username: string; name: string; role: Role; as: string },
        command: Command
      ) => {
        await withApp(command, context, async (app, { json }) => {
          const admin = await loginAs(app, options.as)
          const password = await readPassword({
            env: { MEDIBLOCK_PASSWORD: process.env['MEDIBLOCK_NEW_PASSWORD'] },
            prompt: `New password for ${options.username}: `,
            confirm: true
          })
          const created = await addUser(app, admin, {
            username: options.username,
            displayName: options.name,
            role: options.role,
            password
          })
          print(context.io, json, { ...created.user, ledgerNotice: created.ledgerNotice }, () =>
            describeAdded(created, 'Added')
          )
          context.exitCode = EXIT.OK
        })
      }
    )
  user
    .command('register')
    .description('register a clinician on the ledger (when `user add` could not)')
    .argument('<username>', 'the clinician')
    .requiredOption('--as <admin>', 'the admin doing it')
    .action(async (username: string, options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const admin = await loginAs(app, options.as)
        const result = await registerUser(app, admin, username)
        print(context.io, json, { ...result.user, ledgerNotice: result.ledgerNotice }, () =>
          describeAdded(result, 'Checked')
        )
        // Still not registered: the command did not do what it was asked.
        context.exitCode = result.ledgerNotice ? EXIT.CHECK_FAILED : EXIT.OK
      })
    })
  user
    .command('slot')
    .description("let a user's password open this workstation's vault (after `init --join`)")
    .argument('<username>', 'the user')
    .requiredOption('--as <admin>', 'the admin doing it')
    .addHelpText(
      'after',
      "\nThe admin's password comes from MEDIBLOCK_PASSWORD, the user's own from\nMEDIBLOCK_USER_PASSWORD; either is asked for on a terminal when unset."
    )
    .action(async (username: string, options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const admin = await loginAs(app, options.as)
        const password = await readPassword({
          env: { MEDIBLOCK_PASSWORD: process.env['MEDIBLOCK_USER_PASSWORD'] },
          prompt: `${username}'s password: `
        })
        await giveKeySlot(app, admin, username, password)
        print(context.io, json, { username, slot: true }, () => `${username} can now log in here.`)
        context.exitCode = EXIT.OK
      })
    })
  user
    .command('list')
    .description('list users')
    .action(async (_options: unknown, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const users = app.store.users.list()
        print(context.io, json, users, () =>
          users.length === 0
            ? 'No users yet.'
            : users
                .map(
                  (u) =>
                    `${u.username.padEnd(16)} ${u.role.padEnd(12)} ${u.displayName}${u.disabledAt ? ' (disabled)' : ''}` +
                    ((CLINICAL_ROLES as readonly Role[]).includes(u.role) && !u.chainRegisteredAt
                      ? ' (not on the ledger yet)'
                      : '')
                )
                .join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
