import { makeError } from '../../shared/errors'
import type { App } from '../core/create-app'
import { changeUserPassword, enrollUser } from '../keys/user-keys'
import type { User } from '../store/users-repo'
import { requireRole, type ClinicSession } from './clinic-session'
import { isClinical, setLedgerRegistration, type AddedUser } from './users-service'

/** Runs a ledger change for a user, turning an unreachable ledger into a notice. */
async function onLedger(
  app: App,
  admin: ClinicSession,
  user: User,
  register: boolean
): Promise<string | null> {
  if (!isClinical(user.role)) return null
  if (!register && !user.chainRegisteredAt) return null
  try {
    return await setLedgerRegistration(app, admin, user, register ? user.role : null)
  } catch (error) {
    app.log.warn({ err: error, user: user.username }, 'ledger registration not changed')
    const what = register ? 'registered on' : 'revoked from'
    return `not ${what} the ledger yet (${(error as Error).message}); ${register ? `register ${user.username} again` : `disable ${user.username} again`} when the ledger is reachable`
  }
}

function notYourself(admin: ClinicSession, username: string, what: string): void {
  if (admin.user.username === username) {
    throw makeError(`you cannot ${what} your own account`, 'CONFLICT')
  }
}

/**
 * An admin disables a user: they can no longer log in (open sessions end
 * at their next request), and a clinician is revoked on the ledger, so a
 * record they signed and that is still queued is refused. What they signed
 * before stays valid and verifiable.
 */
export async function disableUser(
  app: App,
  admin: ClinicSession,
  username: string
): Promise<AddedUser> {
  requireRole(admin, ['admin'], 'disable users')
  notYourself(admin, username, 'disable')
  const user = app.store.users.setDisabled(username, true)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.disabled',
    subject: username
  })
  const ledgerNotice = await onLedger(app, admin, user, false)
  return { user: app.store.users.get(username), ledgerNotice }
}

/** An admin enables a disabled user again; a clinician is registered on the ledger again. */
export async function enableUser(
  app: App,
  admin: ClinicSession,
  username: string
): Promise<AddedUser> {
  requireRole(admin, ['admin'], 'enable users')
  const user = app.store.users.setDisabled(username, false)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.enabled',
    subject: username
  })
  const ledgerNotice = await onLedger(app, admin, user, true)
  return { user: app.store.users.get(username), ledgerNotice }
}

/**
 * An admin resets a user's forgotten password. A key encrypted under a
 * forgotten password cannot be opened by anyone, so the user gets a new key
 * (a new address, registered on the ledger for a clinician, the old one
 * revoked) under the new password. That is only done for a user who has
 * not signed any record this workstation holds: the clinic's copies and
 * proofs name the address that signed them. Otherwise `CONFLICT`: the
 * user changes their password while they still know it, or the admin
 * disables them and creates a new account.
 */
export async function resetUserPassword(
  app: App,
  admin: ClinicSession,
  username: string,
  newPassword: string
): Promise<AddedUser> {
  requireRole(admin, ['admin'], 'reset passwords')
  notYourself(admin, username, 'reset the password of')
  const before = app.store.users.get(username)
  const signed = app.store.users.recordsSignedBy(username)
  if (signed > 0) {
    throw makeError(
      `${username}'s key has signed ${signed} record(s): a new key would leave them unverifiable here; ` +
        `${username} changes the password while logged in, or disable ${username} and create a new user`,
      'CONFLICT'
    )
  }
  const revokeNotice = await onLedger(app, admin, before, false)
  const { keys } = admin
  await keys.keystores.remove(username)
  if (keys.secrets.kind === 'vault' && keys.secrets.store.users().includes(username)) {
    await keys.secrets.store.removeSlot(username)
  }
  const { address } = await enrollUser(keys, username, newPassword)
  const user = app.store.users.setAddress(username, address)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.password-reset',
    subject: username,
    detail: { oldAddress: before.address, newAddress: user.address }
  })
  const registerNotice = await onLedger(app, admin, user, true)
  return {
    user: app.store.users.get(username),
    ledgerNotice: [revokeNotice, registerNotice].filter(Boolean).join('; ') || null
  }
}

/**
 * A logged-in user changes their own password: their keystore and, with a
 * vault, their key slot are re-encrypted (same key, same address).
 * `WRONG_PASSWORD` when the current password is wrong.
 */
export async function changeOwnPassword(
  app: App,
  session: ClinicSession,
  oldPassword: string,
  newPassword: string
): Promise<void> {
  const { username } = session.user
  try {
    await changeUserPassword(session.keys, username, oldPassword, newPassword)
  } catch (error) {
    if ((error as { code?: string }).code === 'UNAUTHENTICATED') {
      app.store.auditLog.append({ actor: username, action: 'password.change-failed' })
      throw makeError('wrong password', 'WRONG_PASSWORD', {}, error)
    }
    throw error
  }
  app.store.auditLog.append({ actor: username, action: 'password.changed' })
}

/** Every user of the clinic, for admins. */
export function listUsers(app: App, admin: ClinicSession): User[] {
  requireRole(admin, ['admin'], 'list users')
  return app.store.users.list()
}
