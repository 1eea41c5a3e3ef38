import { z } from 'zod'
import { ROLES } from '../../roles'
import { NewPassword, Password, Username } from './common'

/** The logged-in user of a session, as the renderer may see it. */
export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES)
})
export type SessionUser = z.infer<typeof SessionUser>

/** A session's state: who is logged in, and whether the screen is locked. */
export const SessionState = z.object({
  user: SessionUser.nullable(),
  locked: z.boolean()
})
export type SessionState = z.infer<typeof SessionState>

/** `session:login`: a user of this workstation and their password. */
export const LoginRequest = z.object({ username: Username, password: Password }).strict()

/** `session:unlock`: the password of the user whose session is locked. */
export const UnlockRequest = z.object({ password: Password }).strict()

/** `session:change-password`: the user's current password and the new one. */
export const ChangePasswordRequest = z
  .object({ oldPassword: Password, newPassword: NewPassword })
  .strict()

/** One entry of the login screen's pick list: enabled users only, no addresses. */
export const UserChoice = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES)
})
export type UserChoice = z.infer<typeof UserChoice>

/** The clinic settings the screens need; admins change them with `settings:set`. */
export const ClinicSettings = z.object({
  /**
   * Minutes without activity after which a session locks itself. The
   * renderer locks on its own idle timer; the core locks a session that sent
   * nothing (not even `session:activity`) for this long.
   */
  autoLockMinutes: z.int().min(1).max(480)
})
export type ClinicSettings = z.infer<typeof ClinicSettings>

/** `settings:set`: the settings to change; the rest stay as they are. */
export const SettingsPatch = ClinicSettings.partial().strict()
