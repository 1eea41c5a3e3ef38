import { Button, Group } from '@mantine/core'
import { useState } from 'react'
import type { UserRow } from '../../../../../shared/ipc/schemas'
import { messageOf } from '../../../state/errors'
import { isClinical } from '../../../state/navigation-slice'
import { useStore } from '../../../state/store'
import { ConfirmStandingModal } from './ConfirmStandingModal'
import { ResetPasswordModal } from './ResetPasswordModal'
import { userOutcome, type UserOutcome } from './user-outcome'

/**
 * A user's row actions: disable or enable, reset the password, and register
 * a clinician on the ledger when that did not happen. An admin's own row
 * has none of the first two (the core refuses them for oneself).
 */
export function UserActions({
  user,
  onDone
}: {
  user: UserRow
  onDone: (outcome: UserOutcome) => void
}) {
  const me = useStore((s) => s.session?.user?.username)
  const changeStaff = useStore((s) => s.changeStaff)
  const [open, setOpen] = useState<'standing' | 'reset' | null>(null)
  const [registering, setRegistering] = useState(false)
  const close = () => setOpen(null)
  const enabled = user.disabledAt === null
  const canRegister = enabled && isClinical(user.role) && user.chainRegisteredAt === null

  const register = async () => {
    setRegistering(true)
    try {
      onDone(userOutcome('register', await changeStaff('register', user.username)))
    } catch (error) {
      onDone({
        title: `${user.displayName} is not registered`,
        message: messageOf(error),
        warning: true
      })
    } finally {
      setRegistering(false)
    }
  }

  if (user.username === me) return null
  return (
    <Group gap="xs" wrap="nowrap">
      <Button
        size="compact-sm"
        variant="light"
        color={enabled ? 'red' : 'blue'}
        aria-label={`${enabled ? 'Disable' : 'Enable'} ${user.username}`}
        onClick={() => setOpen('standing')}
      >
        {enabled ? 'Disable' : 'Enable'}
      </Button>
      {enabled && (
        <Button
          size="compact-sm"
          variant="default"
          aria-label={`Reset password of ${user.username}`}
          onClick={() => setOpen('reset')}
        >
          Reset password
        </Button>
      )}
      {canRegister && (
        <Button
          size="compact-sm"
          variant="light"
          aria-label={`Register on the ledger: ${user.username}`}
          loading={registering}
          onClick={() => void register()}
        >
          Register on the ledger
        </Button>
      )}
      {open === 'standing' && (
        <ConfirmStandingModal user={user} opened onClose={close} onDone={onDone} />
      )}
      {open === 'reset' && (
        <ResetPasswordModal user={user} opened onClose={close} onDone={onDone} />
      )}
    </Group>
  )
}
