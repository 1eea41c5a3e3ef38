import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { UserRow } from '../../../../../shared/ipc/schemas'
import { isClinical } from '../../../state/navigation-slice'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { userOutcome, type UserOutcome } from './user-outcome'

/** What disabling or enabling does, in words, before the admin confirms it. */
function consequences(user: UserRow, disable: boolean): string[] {
  const who = user.displayName
  const clinician = isClinical(user.role)
  if (disable) {
    return [
      `${who} can no longer log in; a session ${who} has open ends at its next request.`,
      clinician
        ? `On the ledger, ${who}'s address is revoked: records ${who} signed that still wait in the queue will be refused. Records already on chain stay valid and verifiable.`
        : `A ${user.role} is not registered on the ledger: nothing changes there.`
    ]
  }
  return [
    `${who} can log in again with the same password.`,
    clinician
      ? `On the ledger, ${who}'s address is registered again as a ${user.role}, so new records from ${who} are accepted.`
      : `A ${user.role} is not registered on the ledger: nothing changes there.`
  ]
}

/** Confirms disabling (or enabling) a user, then does it with progress until the ledger answers. */
export function ConfirmStandingModal({
  user,
  opened,
  onClose,
  onDone
}: {
  user: UserRow
  opened: boolean
  onClose: () => void
  onDone: (outcome: UserOutcome) => void
}) {
  const changeStaff = useStore((s) => s.changeStaff)
  const [working, setWorking] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const disable = user.disabledAt === null
  const verb = disable ? 'Disable' : 'Enable'

  const confirm = async () => {
    setWorking(true)
    setFailure(null)
    try {
      const change = disable ? 'disable' : 'enable'
      onDone(userOutcome(change, await changeStaff(change, user.username)))
      onClose()
    } catch (error) {
      setFailure(messageOf(error))
    } finally {
      setWorking(false)
    }
  }

  return (
    <Modal
      opened={opened}
      onClose={working ? () => undefined : onClose}
      title={`${verb} ${user.displayName} (${user.username})?`}
      centered
    >
      <Stack>
        {consequences(user, disable).map((line) => (
          <Text key={line} size="sm">
            {line}
          </Text>
        ))}
        {failure && (
          <Alert color="red" title={`Not ${disable ? 'disabled' : 'enabled'}`} role="alert">
            {failure}
          </Alert>
        )}
        {working && isClinical(user.role) && (
          <Text size="sm" role="status">
            Waiting for the ledger to confirm…
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={working}>
            Cancel
          </Button>
          <Button color={disable ? 'red' : 'blue'} onClick={() => void confirm()} loading={working}>
            {verb} {user.username}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
