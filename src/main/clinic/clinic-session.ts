import type { Wallet } from 'ethers'
import { isError, makeError } from '../../shared/errors'
import type { Role } from '../../shared/roles'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import type { User } from '../store/users-repo'
import { WorkstationKeys } from './workstation-keys'

/** A logged-in user with their unlocked signer and the workstation's device secrets. */
export interface ClinicSession {
  readonly user: User
  readonly signer: Wallet
  readonly keys: WorkstationKeys
  readonly secrets: DeviceSecrets
}

/**
 * Logs `username` in: the user must exist and be enabled, and the password
 * must open their keystore (and the vault). Failed attempts are audited; the
 * message never says whether the user exists.
 */
export async function login(app: App, username: string, password: string): Promise<ClinicSession> {
  const user = app.store.users.find(username)
  const keys = await WorkstationKeys.open(app.paths, app.config.keytarBinding)
  try {
    if (!user || user.disabledAt) throw makeError('wrong username or password', 'UNAUTHENTICATED')
    const signer = await keys.login(username, password)
    const secrets = await keys.deviceSecrets()
    app.store.auditLog.append({
      actor: username,
      action: 'login',
      detail: { face: app.config.face }
    })
    return { user, signer, keys, secrets }
  } catch (error) {
    if (isError(error, 'UNAUTHENTICATED')) {
      app.store.auditLog.append({
        actor: username,
        action: 'login.failed',
        detail: { face: app.config.face }
      })
      throw makeError('wrong username or password', 'UNAUTHENTICATED')
    }
    throw error
  }
}

/** Throws `FORBIDDEN` unless the session's role is one of `roles`. */
export function requireRole(session: ClinicSession, roles: readonly Role[], what: string): void {
  if (!roles.includes(session.user.role)) {
    const role = session.user.role
    throw makeError(`${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role} may not ${what}`, 'FORBIDDEN')
  }
}
