import type { UserChange } from '../../../../../shared/ipc/schemas'
import type { StaffChange } from '../../../state/admin-users'

/** What the users screen says after a change: done, and what the ledger made of it. */
export interface UserOutcome {
  title: string
  /** What happened on the ledger, or what is left to do there (`ledgerNotice`). */
  message: string
  /** The core answered a `ledgerNotice`: something is left to do. */
  warning: boolean
}

const DONE: Record<StaffChange | 'reset', (name: string) => string> = {
  disable: (name) => `${name} is disabled`,
  enable: (name) => `${name} is enabled again`,
  register: (name) => `${name} is registered on the ledger`,
  reset: (name) => `${name} has a new password`
}

/** The outcome of `users:disable`, `users:enable`, `users:register` or `users:reset-password`. */
export function userOutcome(
  change: StaffChange | 'reset',
  { user, ledgerNotice }: UserChange
): UserOutcome {
  const title = DONE[change](user.displayName)
  if (ledgerNotice) return { title, message: `On the ledger: ${ledgerNotice}.`, warning: true }
  if (user.role === 'admin' || user.role === 'auditor') {
    return {
      title,
      message: 'Admins and auditors are not on the ledger: nothing changed there.',
      warning: false
    }
  }
  const message =
    change === 'disable'
      ? 'Revoked on the ledger: records signed with this key from now on are refused.'
      : change === 'reset'
        ? `A new key (${user.address}) is registered on the ledger as a ${user.role}; the old one is revoked.`
        : `Registered on the ledger as a ${user.role}.`
  return { title, message, warning: false }
}
