import {
  Alert,
  NumberInput,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
  Title
} from '@mantine/core'
import { Controller, useFormContext } from 'react-hook-form'
import { CloudChoice } from '../../../../../shared/ipc/schemas'
import { useStore } from '../../../state/store'
import { cloudChoiceOf, type WizardValues } from '../wizard-form'
import { ConnectionTest, type TestOutcome } from './TestResult'

const ENGINES = [
  { value: 'sqlite', label: 'Embedded (a stand-in for a cloud database)' },
  { value: 'postgres', label: 'PostgreSQL' },
  { value: 'mysql', label: 'MySQL / MariaDB' },
  { value: 'data-api', label: 'Aurora through the RDS Data API' }
]

const TLS_MODES = [
  { value: 'verify', label: 'Encrypted, certificate checked' },
  { value: 'no-verify', label: 'Encrypted, certificate not checked' },
  { value: 'off', label: 'Not encrypted (trusted network only)' }
]

const DEFAULT_PORTS = { postgres: 5432, mysql: 3306 } as const

/** PostgreSQL and MySQL/MariaDB: where the server is, who logs in, and TLS. */
function ServerFields({ engine }: { engine: 'postgres' | 'mysql' }) {
  const { register, control, watch, formState } = useFormContext<WizardValues>()
  const errors = formState.errors.cloud?.settings
  const tlsMode = watch('cloud.settings.tls.mode')
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="Host"
        placeholder="db.example.org"
        error={errors?.host?.message}
        {...register('cloud.settings.host')}
      />
      <Controller
        control={control}
        name="cloud.settings.port"
        render={({ field, fieldState }) => (
          <NumberInput
            label="Port"
            placeholder={String(DEFAULT_PORTS[engine])}
            min={1}
            max={65535}
            allowDecimal={false}
            value={field.value}
            onChange={field.onChange}
            onBlur={field.onBlur}
            error={fieldState.error?.message}
          />
        )}
      />
      <TextInput
        label="Database"
        placeholder="mediblock"
        error={errors?.database?.message}
        {...register('cloud.settings.database')}
      />
      <TextInput
        label="User"
        placeholder="mediblock"
        error={errors?.user?.message}
        {...register('cloud.settings.user')}
      />
      <PasswordInput
        label="Password"
        description="Kept in the keychain or the encrypted vault, never in the settings"
        autoComplete="off"
        {...register('cloud.password')}
      />
      <Controller
        control={control}
        name="cloud.settings.tls.mode"
        render={({ field }) => (
          <Select label="TLS" data={TLS_MODES} allowDeselect={false} {...field} />
        )}
      />
      {tlsMode === 'verify' && (
        <TextInput
          label="CA certificate file"
          description="PEM file of the CA that signed the server's certificate; empty for the system's CAs"
          error={errors?.tls?.caFile?.message}
          {...register('cloud.settings.tls.caFile')}
        />
      )}
    </SimpleGrid>
  )
}

/** Aurora through the RDS Data API. */
function DataApiFields() {
  const { register, formState } = useFormContext<WizardValues>()
  const errors = formState.errors.cloud?.settings
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <TextInput
        label="Cluster ARN"
        placeholder="arn:aws:rds:…"
        error={errors?.resourceArn?.message}
        {...register('cloud.settings.resourceArn')}
      />
      <TextInput
        label="Secret ARN"
        placeholder="arn:aws:secretsmanager:…"
        error={errors?.secretArn?.message}
        {...register('cloud.settings.secretArn')}
      />
      <TextInput
        label="Database"
        placeholder="mediblock"
        error={errors?.database?.message}
        {...register('cloud.settings.database')}
      />
      <TextInput
        label="Region"
        placeholder="eu-west-1"
        error={errors?.region?.message}
        {...register('cloud.settings.region')}
      />
      <TextInput
        label="Endpoint URL"
        description="Only for a VPC endpoint; empty for the region's"
        error={errors?.endpoint?.message}
        {...register('cloud.settings.endpoint')}
      />
      <TextInput
        label="AWS access key id"
        description="Empty to use the AWS SDK's default credentials"
        error={errors?.accessKeyId?.message}
        {...register('cloud.settings.accessKeyId')}
      />
      <PasswordInput
        label="AWS secret access key"
        autoComplete="off"
        {...register('cloud.password')}
      />
    </SimpleGrid>
  )
}

/**
 * The engine, its fields and "Test connection", in a form holding
 * {@link WizardValues}' `cloud`: the wizard's step and the admin's cloud screen share them.
 */
export function CloudFields() {
  const { control, watch, getValues } = useFormContext<WizardValues>()
  const client = useStore((s) => s.client)
  const engine = watch('cloud.settings.engine')

  const test = async (): Promise<TestOutcome> => {
    const choice = CloudChoice.safeParse(cloudChoiceOf(getValues('cloud')))
    if (!choice.success) {
      return { ok: false, problem: choice.error.issues.map((issue) => issue.message).join('; ') }
    }
    if (!client) return { ok: false, problem: 'MediBlock is not connected.' }
    const result = await client.call('cloud:test', choice.data)
    if (!result.ok) return { ok: false, problem: result.problem }
    return {
      ok: true,
      title: `Reached: ${result.where}`,
      detail: `${result.details}${result.serverVersion ? `; ${result.serverVersion}` : ''}. ${
        result.needsMigration
          ? 'Its schema is created or updated during setup.'
          : `${result.records ?? 0} records there now.`
      }`
    }
  }

  return (
    <Stack>
      <Controller
        control={control}
        name="cloud.settings.engine"
        render={({ field }) => (
          <Select
            label="Where records are stored"
            data={ENGINES}
            allowDeselect={false}
            {...field}
          />
        )}
      />
      {engine === 'sqlite' && (
        <Alert
          color="blue"
          title="The embedded database is a stand-in"
          data-testid="embedded-notice"
        >
          It is a file (cloud.db) in this workstation&apos;s data folder, so MediBlock works with no
          setup. It is not a cloud: records in it never leave this computer. Choose a real database
          before the clinic relies on it; an admin can change it later.
        </Alert>
      )}
      {(engine === 'postgres' || engine === 'mysql') && <ServerFields engine={engine} />}
      {engine === 'data-api' && <DataApiFields />}
      <ConnectionTest run={test} />
    </Stack>
  )
}

/** The cloud database records sync to. */
export function CloudStep() {
  return (
    <Stack>
      <Title order={2}>Cloud database</Title>
      <CloudFields />
    </Stack>
  )
}
