import { PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useFormContext } from 'react-hook-form'
import type { WizardValues } from '../wizard-form'

/** The clinic's name and the first admin account. */
export function ClinicStep() {
  const { register, formState } = useFormContext<WizardValues>()
  const { errors } = formState
  return (
    <Stack>
      <Title order={2}>Clinic and first admin</Title>
      <TextInput
        label="Clinic name"
        required
        data-autofocus
        autoComplete="organization"
        error={errors.clinicName?.message}
        {...register('clinicName')}
      />
      <Text size="sm">
        The admin manages users, templates and the ledger. They do not enter clinical records.
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label="Admin username"
          description="Letters, digits, dots, dashes; used to log in"
          required
          autoComplete="username"
          error={errors.admin?.username?.message}
          {...register('admin.username')}
        />
        <TextInput
          label="Admin full name"
          required
          autoComplete="name"
          error={errors.admin?.displayName?.message}
          {...register('admin.displayName')}
        />
        <PasswordInput
          label="Password"
          description="At least 8 characters; it also protects the admin's signing key"
          required
          autoComplete="new-password"
          error={errors.admin?.password?.message}
          {...register('admin.password')}
        />
        <PasswordInput
          label="Password again"
          required
          autoComplete="new-password"
          error={errors.confirmPassword?.message}
          {...register('confirmPassword')}
        />
      </SimpleGrid>
    </Stack>
  )
}
