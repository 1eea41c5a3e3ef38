import { zodResolver } from '@hookform/resolvers/zod'
import {
  Alert,
  Button,
  Card,
  Group,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Controller, useForm, type Resolver } from 'react-hook-form'
import type { z } from 'zod'
import { UserCreateRequest } from '../../../../../shared/ipc/schemas'
import { PLAIN_ERRORS } from '../../../components/form-errors'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'

type Request = z.output<typeof UserCreateRequest>
type Values = z.input<typeof UserCreateRequest> & { confirmPassword: string }

const ROLE_OPTIONS = [
  { value: 'doctor', label: 'Doctor' },
  { value: 'nurse', label: 'Nurse' },
  { value: 'pathologist', label: 'Pathologist' },
  { value: 'auditor', label: 'Auditor (reads and verifies, enters nothing)' },
  { value: 'admin', label: 'Admin' }
]

const contract = zodResolver(UserCreateRequest, PLAIN_ERRORS)

/** `users:create`'s schema, plus the password typed twice. */
const resolver: Resolver<Values, unknown, Request> = async (values, context, options) => {
  const { confirmPassword, ...request } = values
  // The options name the form's fields, a superset of the request's: the same object serves.
  const result = await contract(request, context, options as never)
  if (confirmPassword === values.password) return result
  const mismatch = { type: 'mismatch', message: 'The two passwords differ.' }
  return { values: {}, errors: { ...result.errors, confirmPassword: mismatch } }
}

const EMPTY: Values = {
  username: '',
  displayName: '',
  role: 'nurse',
  password: '',
  confirmPassword: ''
}

/** Add a user; a clinician is registered on the ledger as well. */
export function AddUserForm() {
  const createStaff = useStore((s) => s.createStaff)
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values, unknown, Request>({
    resolver,
    defaultValues: EMPTY,
    mode: 'onTouched'
  })
  const { errors, isSubmitting } = form.formState

  const onSubmit = form.handleSubmit(async (request) => {
    setFailure(null)
    try {
      const { user, ledgerNotice } = await createStaff(request)
      notifications.show({
        color: ledgerNotice ? 'orange' : 'teal',
        title: `${user.displayName} can log in as ${user.username}`,
        message:
          ledgerNotice ??
          (user.chainRegisteredAt ? `Registered on the ledger as a ${user.role}.` : 'Added.')
      })
      form.reset(EMPTY)
      form.setFocus('username')
    } catch (error) {
      setFailure(messageOf(error))
    }
  })

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="add-user-heading">
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Stack>
          <Title order={2} size="h3" id="add-user-heading">
            Add a user
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Username"
              description="Used to log in"
              required
              autoComplete="off"
              error={errors.username?.message}
              {...form.register('username')}
            />
            <TextInput
              label="Full name"
              required
              autoComplete="off"
              error={errors.displayName?.message}
              {...form.register('displayName')}
            />
            <Controller
              control={form.control}
              name="role"
              render={({ field }) => (
                <Select
                  label="Role"
                  description="Clinicians are registered on the ledger with it"
                  data={ROLE_OPTIONS}
                  allowDeselect={false}
                  required
                  value={field.value}
                  onChange={(value) => field.onChange(value ?? 'nurse')}
                  onBlur={field.onBlur}
                  ref={field.ref}
                />
              )}
            />
            <span />
            <PasswordInput
              label="Password"
              description="At least 8 characters; the user can change it later"
              required
              autoComplete="new-password"
              error={errors.password?.message}
              {...form.register('password')}
            />
            <PasswordInput
              label="Password again"
              required
              autoComplete="new-password"
              error={errors.confirmPassword?.message}
              {...form.register('confirmPassword')}
            />
          </SimpleGrid>
          {failure && (
            <Alert color="red" title="Not added" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" loading={isSubmitting}>
              Add user
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  )
}
