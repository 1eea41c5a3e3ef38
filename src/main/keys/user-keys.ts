import type { Wallet } from 'ethers'
import { isError, makeError } from '../../shared/errors'
import type { ClinicianKeystores } from './clinician-keystores'
import type { SecretStoreChoice } from './open-secret-store'

/** What every user-key operation needs: the keystores and the chosen secret store. */
export interface UserKeysContext {
  readonly keystores: ClinicianKeystores
  readonly secrets: SecretStoreChoice
}

/**
 * Gives a new user their keys: a keystore, and where the secrets are in a
 * vault, a key slot with the same password. The first user of a vault
 * workstation creates the vault; later users need it unlocked by a
 * logged-in admin (`UNAUTHENTICATED` otherwise). Answers the user's address.
 */
export async function enrollUser(
  context: UserKeysContext,
  username: string,
  password: string
): Promise<{ address: string }> {
  const { keystores, secrets } = context
  if (secrets.kind === 'vault') {
    // Fail before writing anything when the slot cannot be added.
    const vault = secrets.store
    if (vault.state === 'locked') {
      throw makeError('the vault is locked; an admin must be logged in', 'UNAUTHENTICATED')
    }
    if (vault.state === 'unlocked' && vault.users().includes(username)) {
      throw makeError(`${username} already has a key slot`, 'CONFLICT', { username })
    }
  }
  const created = await keystores.create(username, password)
  if (secrets.kind === 'vault') {
    const vault = secrets.store
    try {
      if (vault.state === 'absent') await vault.create(username, password)
      else await vault.addSlot(username, password)
    } catch (error) {
      await keystores.remove(username)
      throw error
    }
  }
  return created
}

/**
 * A login: unlocks the user's keystore (the signer for the session) and,
 * where the secrets are in a vault, the vault with the same password.
 * `UNAUTHENTICATED` for a wrong username or password.
 */
export async function loginUser(
  context: UserKeysContext,
  username: string,
  password: string
): Promise<Wallet> {
  const signer = await context.keystores.unlock(username, password)
  const { secrets } = context
  if (secrets.kind === 'vault' && secrets.store.state !== 'unlocked') {
    try {
      await secrets.store.unlock(username, password)
    } catch (error) {
      // The password is proven by the keystore, so saying more reveals nothing.
      if (isError(error, 'UNAUTHENTICATED')) {
        throw makeError(
          `${username}'s password does not open this workstation's vault; ` +
            'an admin can give them a key slot',
          'UNAUTHENTICATED',
          { username },
          error
        )
      }
      throw error
    }
  }
  return signer
}

/**
 * Changes a user's password for their keystore and, with a vault, their key
 * slot. If the slot cannot be changed, the keystore is changed back, so the
 * two never disagree.
 */
export async function changeUserPassword(
  context: UserKeysContext,
  username: string,
  oldPassword: string,
  newPassword: string
): Promise<void> {
  const { keystores, secrets } = context
  await keystores.changePassword(username, oldPassword, newPassword)
  if (secrets.kind !== 'vault' || !secrets.store.users().includes(username)) return
  try {
    await secrets.store.changePassword(username, oldPassword, newPassword)
  } catch (error) {
    await keystores.changePassword(username, newPassword, oldPassword)
    throw error
  }
}
