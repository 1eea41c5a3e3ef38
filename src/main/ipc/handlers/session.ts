import type { SESSION_CHANNELS } from '../../../shared/ipc/channels/session'
import { changeOwnPassword } from '../../clinic/user-admin'
import { sessionState } from '../../core/session'
import {
  clinicOf,
  clinicSettings,
  lock,
  logIn,
  logOut,
  sessionUsers,
  setClinicSettings,
  touch,
  unlock
} from '../../workstation/sessions'
import type { HandlersFor } from '../handler'

export const SESSION_HANDLERS: HandlersFor<typeof SESSION_CHANNELS> = {
  'session:get': ({ session }) => sessionState(session),
  'session:users': ({ app }) => sessionUsers(app),
  'session:login': ({ app, session }, { username, password }) =>
    logIn(app, session, username, password),
  'session:logout': ({ app, session }) => logOut(app, session),
  'session:lock': ({ app, session }) => lock(app, session),
  'session:unlock': ({ app, session }, { password }) => unlock(app, session, password),
  'session:activity': ({ session }) => touch(session),
  'session:change-password': async ({ app, session }, { oldPassword, newPassword }) => {
    await changeOwnPassword(app, clinicOf(session), oldPassword, newPassword)
    return sessionState(session)
  },
  'settings:get': ({ app }) => clinicSettings(app),
  'settings:set': ({ app, session }, patch) => setClinicSettings(app, clinicOf(session), patch)
}
