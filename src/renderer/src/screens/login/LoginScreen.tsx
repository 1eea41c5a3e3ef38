import { zodResolver } from '@hookform/resolvers/zod'
import {
  Alert,
  Autocomplete,
  Button,
  Card,
  Center,
  Group,
  PasswordInput,
  Stack,
  Text,
  Title
} from '@mantine/core'
import { useEffect, useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import { isError } from '../../../../shared/errors'
import { LoginRequest } from '../../../../shared/ipc/schemas'
import { ROLE_LABELS } from '../../components/roles'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { WorkstationFacts } from './WorkstationFacts'
import { PLAIN_ERRORS } from '../../components/form-errors'

/** What a failed login says: never which of username and password was wrong. */
export function loginFailure(error: unknown): string {
  if (isError(error, 'WRONG_PASSWORD')) return 'Wrong username or password.'
  return messageOf(error)
}

/** Pick (or type) a user and give the password. */
export function LoginScreen() {
  const info = useStore((s) => s.info)
  const users = useStore((s) => s.users)
  const loadUsers = useStore((s) => s.loadUsers)
  const login = useStore((s) => s.login)
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm({
    resolver: zodResolver(LoginRequest, PLAIN_ERRORS),
    defaultValues: { username: '', password: '' }
  })

  useEffect(() => {
    loadUsers().catch((error: unknown) => setFailure(messageOf(error)))
  }, [loadUsers])

  const onSubmit = form.handleSubmit(async ({ username, password }) => {
    setFailure(null)
    try {
      await login(username.trim(), password)
    } catch (error) {
      setFailure(loginFailure(error))
      form.setValue('password', '')
      form.setFocus('password')
    }
  })

  const options = (users ?? []).map((user) => ({
    value: user.username,
    label: `${user.username}: ${user.displayName}, ${ROLE_LABELS[user.role]}`
  }))

  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w={420} gap="lg">
        <Stack gap={4}>
          <Title order={1}>MediBlock</Title>
          {info?.clinic && <Text c="dimmed">{info.clinic.name}</Text>}
        </Stack>
        <Card
          withBorder
          padding="lg"
          component="form"
          onSubmit={(event: React.FormEvent) => void onSubmit(event)}
          noValidate
        >
          <Stack>
            <Title order={2} size="h3">
              Log in
            </Title>
            <Controller
              control={form.control}
              name="username"
              render={({ field, fieldState }) => (
                <Autocomplete
                  label="User"
                  description="Pick yourself from the list, or type your username."
                  autoComplete="username"
                  data={options}
                  value={field.value}
                  onChange={field.onChange}
                  onBlur={field.onBlur}
                  // Users added since the screen opened show up when the list is used.
                  onDropdownOpen={() => void loadUsers().catch(() => undefined)}
                  ref={field.ref}
                  error={fieldState.error?.message}
                  autoFocus
                  required
                />
              )}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              error={form.formState.errors.password?.message}
              {...form.register('password')}
            />
            {failure && (
              <Alert color="red" role="alert" title="Not logged in">
                {failure}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button type="submit" loading={form.formState.isSubmitting}>
                Log in
              </Button>
            </Group>
          </Stack>
        </Card>
        {info && <WorkstationFacts info={info} />}
      </Stack>
    </Center>
  )
}
