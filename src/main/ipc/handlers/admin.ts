import type { ADMIN_CHANNELS } from '../../../shared/ipc/channels/admin'
import type { UserChange, UserRow } from '../../../shared/ipc/schemas'
import { publishedSummary, templateDetail, templateSummaries } from '../../clinic/template-views'
import { publishTemplateVersion } from '../../clinic/templates-service'
import { disableUser, enableUser, listUsers, resetUserPassword } from '../../clinic/user-admin'
import { addUser, registerUser, type AddedUser } from '../../clinic/users-service'
import type { User } from '../../store/users-repo'
import { clinicOf } from '../../workstation/sessions'
import type { HandlersFor } from '../handler'

/** A user as the contract shows them: no id, no next sequence number. */
export function userRow(user: User): UserRow {
  const { username, displayName, role, address, chainRegisteredAt, disabledAt, createdAt } = user
  return { username, displayName, role, address, chainRegisteredAt, disabledAt, createdAt }
}

const change = ({ user, ledgerNotice }: AddedUser): UserChange => ({
  user: userRow(user),
  ledgerNotice
})

export const ADMIN_HANDLERS: HandlersFor<typeof ADMIN_CHANNELS> = {
  'templates:list': ({ app }, { allVersions }) => templateSummaries(app, allVersions),
  'templates:get': ({ app }, { template }) => templateDetail(app, template),
  'templates:publish': async ({ app, session }, { definition }) =>
    publishedSummary(app, await publishTemplateVersion(app, clinicOf(session), definition)),
  'users:list': ({ app, session }) => listUsers(app, clinicOf(session)).map(userRow),
  'users:create': async ({ app, session }, request) =>
    change(await addUser(app, clinicOf(session), request)),
  'users:disable': async ({ app, session }, { username }) =>
    change(await disableUser(app, clinicOf(session), username)),
  'users:enable': async ({ app, session }, { username }) =>
    change(await enableUser(app, clinicOf(session), username)),
  'users:reset-password': async ({ app, session }, { username, newPassword }) =>
    change(await resetUserPassword(app, clinicOf(session), username, newPassword)),
  'users:register': async ({ app, session }, { username }) =>
    change(await registerUser(app, clinicOf(session), username))
}
