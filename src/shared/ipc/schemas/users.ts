import { z } from 'zod'
import { ROLES } from '../../roles'
import { Address, NewPassword, Username } from './common'

/** A user as the admin screen shows them (no key material). */
export const UserRow = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  address: Address,
  /** When the clinician's address and role were registered on the ledger; null if not yet. */
  chainRegisteredAt: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string()
})
export type UserRow = z.infer<typeof UserRow>

/** A user, and what is left to do on the ledger (null when nothing). */
export const UserChange = z.object({
  user: UserRow,
  /** In words: why a clinician is not (or no longer) registered on the ledger, and what to do. */
  ledgerNotice: z.string().nullable()
})
export type UserChange = z.infer<typeof UserChange>

export const UserCreateRequest = z
  .object({
    username: Username,
    displayName: z.string().trim().min(1).max(200),
    role: z.enum(ROLES),
    password: NewPassword
  })
  .strict()

export const UsernameRequest = z.object({ username: Username }).strict()

/**
 * `users:reset-password`: a user who forgot their password gets a new key
 * under a new password (a key encrypted under a forgotten password cannot
 * be opened by anyone). See the channel's notes on what that allows.
 */
export const UserResetPasswordRequest = z
  .object({ username: Username, newPassword: NewPassword })
  .strict()
