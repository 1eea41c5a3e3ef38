import { Alert, Badge, Code, Stack, Text, Title } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useEffect, useMemo, useState } from 'react'
import type { UserRow } from '../../../../../shared/ipc/schemas'
import { formatDate } from '../../../components/format'
import { ROLE_LABELS } from '../../../components/roles'
import { SortableTable, type sortableFeatures } from '../../../components/SortableTable'
import { useStore } from '../../../state/store'
import { AddUserForm } from './AddUserForm'
import { UserActions } from './UserActions'
import type { UserOutcome } from './user-outcome'

const helper = createColumnHelper<typeof sortableFeatures, UserRow>()

function columnsWith(onDone: (outcome: UserOutcome) => void) {
  return helper.columns([
    helper.accessor('username', { header: 'Username', sortFn: 'alphanumeric' }),
    helper.accessor('displayName', { header: 'Name', sortFn: 'text' }),
    helper.accessor('role', {
      header: 'Role',
      sortFn: 'basic',
      cell: (info) => ROLE_LABELS[info.getValue()]
    }),
    helper.accessor('address', {
      header: 'Address',
      sortFn: 'basic',
      cell: (info) => (
        <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{info.getValue()}</Code>
      )
    }),
    helper.accessor((user) => user.chainRegisteredAt ?? '', {
      id: 'ledger',
      header: 'On the ledger',
      sortFn: 'basic',
      cell: (info) => {
        const user = info.row.original
        if (user.role === 'admin' || user.role === 'auditor') return 'not needed'
        return user.chainRegisteredAt
          ? `since ${formatDate(user.chainRegisteredAt)}`
          : 'not registered'
      }
    }),
    helper.accessor((user) => (user.disabledAt ? 'disabled' : 'active'), {
      id: 'status',
      header: 'Status',
      sortFn: 'basic',
      cell: (info) =>
        info.getValue() === 'active' ? (
          <Badge color="green" variant="light">
            Active
          </Badge>
        ) : (
          <Badge color="gray" variant="light">
            Disabled
          </Badge>
        )
    }),
    helper.display({
      id: 'actions',
      header: 'Actions',
      cell: (info) => <UserActions user={info.row.original} onDone={onDone} />
    })
  ])
}

/**
 * Users and roles: who may log in, with which role, their address and
 * whether a clinician is registered on the ledger; add, disable or enable,
 * reset a password, register on the ledger. What the ledger made of the last
 * change (or what is left to do there) stays on screen until dismissed.
 */
export function UsersScreen() {
  const staff = useStore((s) => s.staff)
  const staffError = useStore((s) => s.staffError)
  const loadStaff = useStore((s) => s.loadStaff)
  const [outcome, setOutcome] = useState<UserOutcome | null>(null)
  const columns = useMemo(() => columnsWith(setOutcome), [])

  useEffect(() => {
    void loadStaff()
  }, [loadStaff])

  return (
    <Stack maw={1200} data-testid="admin-users">
      <Title order={1}>Users and roles</Title>
      <Text>
        Clinicians (doctors, nurses, pathologists) sign records with their own key; the ledger
        accepts them only once registered there with their role.
      </Text>
      {staffError && (
        <Alert color="red" title="Users could not be loaded" role="alert">
          {staffError}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {outcome && (
          <Alert
            color={outcome.warning ? 'orange' : 'teal'}
            title={outcome.title}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setOutcome(null)}
            data-testid="user-outcome"
          >
            {outcome.message}
          </Alert>
        )}
      </div>
      <SortableTable
        label="Users"
        data={staff ?? []}
        columns={columns}
        rowKey={(user) => user.username}
        empty={staff === null ? 'Loading…' : 'No users yet.'}
        initialSort={[{ id: 'username', desc: false }]}
      />
      <AddUserForm />
    </Stack>
  )
}
