import { Alert, Badge, Stack, Text, Title } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useEffect } from 'react'
import type { UserRow } from '../../../../../shared/ipc/schemas'
import { formatDate } from '../../../components/format'
import { ROLE_LABELS } from '../../../components/roles'
import { SortableTable, type sortableFeatures } from '../../../components/SortableTable'
import { useStore } from '../../../state/store'
import { AddUserForm } from './AddUserForm'

const helper = createColumnHelper<typeof sortableFeatures, UserRow>()

const columns = helper.columns([
  helper.accessor('username', { header: 'Username', sortFn: 'alphanumeric' }),
  helper.accessor('displayName', { header: 'Name', sortFn: 'text' }),
  helper.accessor('role', {
    header: 'Role',
    sortFn: 'basic',
    cell: (info) => ROLE_LABELS[info.getValue()]
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
  })
])

/**
 * Users and roles: who may log in, with which role, and whether a clinician
 * is registered on the ledger. Adding is here; disabling, resetting a
 * password and registering again come with the rest of the admin screens.
 */
export function UsersScreen() {
  const staff = useStore((s) => s.staff)
  const staffError = useStore((s) => s.staffError)
  const loadStaff = useStore((s) => s.loadStaff)

  useEffect(() => {
    void loadStaff()
  }, [loadStaff])

  return (
    <Stack maw={1000} data-testid="admin-users">
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
