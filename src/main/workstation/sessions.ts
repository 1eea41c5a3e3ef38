import { isError, makeError } from '../../shared/errors'
import type { ClinicSettings, SessionState, UserChoice } from '../../shared/ipc/schemas'
import { login, requireRole, type ClinicSession } from '../clinic/clinic-session'
import type { App } from '../core/create-app'
import { sessionState, type Session } from '../core/session'
import { runtimeOf } from './runtime'

const WRONG = 'wrong username or password'

/** The logged-in user's keys and secrets; `UNAUTHENTICATED` for a logged-out session. */
export function clinicOf(session: Session): ClinicSession {
  if (!session.clinic) throw makeError('log in first', 'UNAUTHENTICATED')
  return session.clinic
}

function changed(app: App, session: Session): SessionState {
  const state = sessionState(session)
  app.events.emit('session:changed', state)
  return state
}

/** The login screen's pick list: enabled users, by username. */
export function sessionUsers(app: App): UserChoice[] {
  return app.store.users
    .list()
    .filter((u) => !u.disabledAt)
    .map(({ username, displayName, role }) => ({ username, displayName, role }))
}

/**
 * Logs a user in on `session`: their key is unlocked for it (as the CLI's
 * `--as` does) and background work starts if this is the first session.
 * A wrong username or password is `WRONG_PASSWORD` (counted, audited by
 * `login`); after too many in a row, `RATE_LIMITED`. Logging in on a
 * session that has a user logs that one out first.
 */
export async function logIn(
  app: App,
  session: Session,
  username: string,
  password: string
): Promise<SessionState> {
  const runtime = runtimeOf(app)
  runtime.guard.check(username)
  let clinic: ClinicSession
  try {
    clinic = await login(app, username, password)
  } catch (error) {
    if (!isError(error, 'UNAUTHENTICATED')) throw error
    runtime.guard.failed(username)
    throw makeError(WRONG, 'WRONG_PASSWORD', { username }, error)
  }
  runtime.guard.succeeded(username)
  if (session.clinic) await logOut(app, session, 'replaced by another login')
  const { displayName, role } = clinic.user
  session.clinic = clinic
  session.user = { username: clinic.user.username, displayName, role }
  session.locked = false
  session.lastActiveAt = Date.now()
  runtime.attach(session)
  return changed(app, session)
}

/** Logs the session's user out: the core forgets their key. Nothing to do when logged out. */
export async function logOut(app: App, session: Session, why = 'logout'): Promise<SessionState> {
  const user = session.clinic?.user.username
  session.clinic = null
  session.user = null
  session.locked = false
  if (user) {
    app.store.auditLog.append({ actor: user, action: 'logout', detail: { why } })
    await runtimeOf(app).detach(session)
  }
  return changed(app, session)
}

/** Locks the session: the key stays in the core, every channel but the lock screen's is closed. */
export function lock(app: App, session: Session, why = 'asked'): SessionState {
  clinicOf(session)
  if (!session.locked) {
    session.locked = true
    app.log.info({ session: session.id, why }, 'session locked')
  }
  return changed(app, session)
}

/** Unlocks with the same user's password; `WRONG_PASSWORD` (counted and audited) otherwise. */
export async function unlock(app: App, session: Session, password: string): Promise<SessionState> {
  const clinic = clinicOf(session)
  const { username } = clinic.user
  const runtime = runtimeOf(app)
  runtime.guard.check(username)
  try {
    await clinic.keys.keystores.unlock(username, password)
  } catch (error) {
    if (!isError(error, 'UNAUTHENTICATED')) throw error
    runtime.guard.failed(username)
    app.store.auditLog.append({
      actor: username,
      action: 'unlock.failed',
      detail: { face: app.config.face }
    })
    throw makeError(WRONG, 'WRONG_PASSWORD', { username }, error)
  }
  runtime.guard.succeeded(username)
  session.locked = false
  session.lastActiveAt = Date.now()
  return changed(app, session)
}

/** The user is active: the core's idle timer starts again. */
export function touch(session: Session): SessionState {
  clinicOf(session)
  session.lastActiveAt = Date.now()
  return sessionState(session)
}

/**
 * Throws unless the session's user may still act: a user disabled (or
 * removed) since they logged in is logged out (`UNAUTHENTICATED`).
 */
export async function checkStillEnabled(app: App, session: Session): Promise<void> {
  if (!session.clinic) return
  const user = app.store.users.find(session.clinic.user.username)
  if (user && !user.disabledAt) return
  await logOut(app, session, 'user disabled')
  throw makeError('your account was disabled; ask an admin', 'UNAUTHENTICATED')
}

/** The clinic settings the screens need. */
export function clinicSettings(app: App): ClinicSettings {
  return app.store.getConfig('clinic.settings')
}

/** An admin changes clinic settings; the change is in the audit log. */
export function setClinicSettings(
  app: App,
  admin: ClinicSession,
  patch: Partial<ClinicSettings>
): ClinicSettings {
  requireRole(admin, ['admin'], 'change clinic settings')
  const before = clinicSettings(app)
  const after = { ...before, ...patch }
  app.store.setConfig('clinic.settings', after)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'settings.changed',
    detail: { before, after }
  })
  return after
}
