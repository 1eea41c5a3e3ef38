import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import { UnlockRequest } from '../../../../shared/ipc/schemas'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { loginFailure } from './LoginScreen'
import { PLAIN_ERRORS } from '../../components/form-errors'

/**
 * The lock screen: drawn over the app, which stays mounted (and inert)
 * underneath, so a half-filled form is still there after unlocking. The
 * overlay is opaque: nothing of the screen behind shows while locked.
 */
export function LockOverlay() {
  const user = useStore((s) => s.session?.user)
  const locked = useStore((s) => s.session?.locked ?? false)
  const unlock = useStore((s) => s.unlock)
  const logout = useStore((s) => s.logout)
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm({
    resolver: zodResolver(UnlockRequest, PLAIN_ERRORS),
    defaultValues: { password: '' }
  })

  const onSubmit = form.handleSubmit(async ({ password }) => {
    setFailure(null)
    try {
      await unlock(password)
      form.reset()
    } catch (error) {
      setFailure(loginFailure(error))
      form.setValue('password', '')
      form.setFocus('password')
    }
  })

  const onLogout = async () => {
    try {
      await logout()
    } catch (error) {
      setFailure(messageOf(error))
    }
  }

  if (!user) return null
  return (
    <Modal
      opened={locked}
      onClose={() => undefined}
      fullScreen
      withCloseButton={false}
      closeOnEscape={false}
      closeOnClickOutside={false}
      transitionProps={{ duration: 0 }}
      overlayProps={{ backgroundOpacity: 1, color: 'var(--mantine-color-gray-1)' }}
      title="Locked"
      styles={{ title: { fontSize: 'var(--mantine-h1-font-size)', fontWeight: 700 } }}
      aria-describedby="lock-explained"
      data-testid="lock-screen"
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Stack maw={420} mx="auto" mt="xl">
          <Text id="lock-explained">
            {user.displayName} ({user.username}) is logged in. Your work is kept as you left it:
            enter your password to go on.
          </Text>
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            data-autofocus
            required
            error={form.formState.errors.password?.message}
            {...form.register('password')}
          />
          {failure && (
            <Alert color="red" role="alert" title="Still locked">
              {failure}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" color="gray" onClick={() => void onLogout()}>
              Log out (unsaved work is lost)
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Unlock
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
