import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, Group, List, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useForm, type Resolver } from 'react-hook-form'
import { type z } from 'zod'
import { isError } from '../../../../../shared/errors'
import { UserResetPasswordRequest, type UserRow } from '../../../../../shared/ipc/schemas'
import { PLAIN_ERRORS } from '../../../components/form-errors'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { userOutcome, type UserOutcome } from './user-outcome'

const NewPasswordSchema = UserResetPasswordRequest.pick({ newPassword: true })
type Values = { newPassword: string; confirmPassword: string }

const contract = zodResolver(NewPasswordSchema, PLAIN_ERRORS)

/** `users:reset-password`'s rule for the password, plus the password typed twice. */
const resolver: Resolver<Values, unknown, z.output<typeof NewPasswordSchema>> = async (
  values,
  context,
  options
) => {
  const result = await contract({ newPassword: values.newPassword }, context, options as never)
  if (values.confirmPassword === values.newPassword) return result
  const mismatch = { type: 'mismatch', message: 'The two passwords differ.' }
  return { values: {}, errors: { ...result.errors, confirmPassword: mismatch } }
}

/**
 * A new password for a user who forgot theirs. A key sealed under a
 * forgotten password cannot be opened by anyone, so the user gets a new key;
 * the screen says what that means before the admin goes ahead, and what to
 * do instead when the core refuses (the user has signed records).
 */
export function ResetPasswordModal({
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
  const resetStaffPassword = useStore((s) => s.resetStaffPassword)
  const [failure, setFailure] = useState<{ conflict: boolean; message: string } | null>(null)
  const form = useForm<Values, unknown, z.output<typeof NewPasswordSchema>>({
    resolver,
    defaultValues: { newPassword: '', confirmPassword: '' },
    mode: 'onTouched'
  })
  const { errors, isSubmitting } = form.formState
  const who = user.displayName

  const close = () => {
    form.reset()
    setFailure(null)
    onClose()
  }

  const onSubmit = form.handleSubmit(async ({ newPassword }) => {
    setFailure(null)
    try {
      onDone(userOutcome('reset', await resetStaffPassword(user.username, newPassword)))
      close()
    } catch (error) {
      setFailure({
        conflict: isError(error) && error.code === 'CONFLICT',
        message: messageOf(error)
      })
    }
  })

  return (
    <Modal
      opened={opened}
      onClose={isSubmitting ? () => undefined : close}
      title={`Reset ${who}'s password`}
      centered
      size="lg"
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Stack>
          <Text size="sm">
            A key sealed under a forgotten password cannot be opened by anyone, so {who} gets a new
            key under the new password: a new address on the ledger, the old one revoked.
          </Text>
          <Text size="sm">
            That is only possible while {who} has not signed any record on this workstation: the
            clinic&apos;s proofs name the address that signed each record. If {who} still knows the
            password, {who} changes it while logged in instead (same key).
          </Text>
          <PasswordInput
            label="New password"
            description="At least 8 characters"
            required
            autoComplete="new-password"
            error={errors.newPassword?.message}
            {...form.register('newPassword')}
          />
          <PasswordInput
            label="New password again"
            required
            autoComplete="new-password"
            error={errors.confirmPassword?.message}
            {...form.register('confirmPassword')}
          />
          {failure && (
            <Alert
              color={failure.conflict ? 'orange' : 'red'}
              title={failure.conflict ? `${who} has signed records` : 'Password not reset'}
              role="alert"
            >
              {failure.conflict ? (
                <Stack gap="xs">
                  <Text size="sm">
                    A new key would leave the records {who} signed unverifiable here, so MediBlock
                    refuses. Instead:
                  </Text>
                  <List size="sm">
                    <List.Item>
                      if {who} still knows the password, {who} logs in and changes it;
                    </List.Item>
                    <List.Item>
                      otherwise disable {user.username} and add a new user for {who}.
                    </List.Item>
                  </List>
                  <Text size="xs">{failure.message}</Text>
                </Stack>
              ) : (
                failure.message
              )}
            </Alert>
          )}
          {isSubmitting && (
            <Text size="sm" role="status">
              Making the new key and registering it on the ledger…
            </Text>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} disabled={isSubmitting}>
              Cancel
            </Button>
            <Button type="submit" loading={isSubmitting}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
