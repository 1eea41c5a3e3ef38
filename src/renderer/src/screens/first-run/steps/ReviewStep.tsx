import { Alert, Code, List, Progress, Stack, Text, Title } from '@mantine/core'
import { useInterval } from '@mantine/hooks'
import { useEffect, useState } from 'react'
import { useFormContext } from 'react-hook-form'
import type { ClinicInitResult } from '../../../../../shared/ipc/schemas'
import { InfoRows } from '../../../components/InfoRows'
import type { WizardValues } from '../wizard-form'

const ENGINE_WORDS = {
  sqlite: 'Embedded (stand-in)',
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  'data-api': 'Aurora (RDS Data API)'
} as const

/** What is about to be set up. */
export function ReviewStep() {
  const { getValues } = useFormContext<WizardValues>()
  const values = getValues()
  const s = values.cloud.settings
  const where =
    s.engine === 'sqlite'
      ? 'cloud.db in the data folder'
      : s.engine === 'data-api'
        ? s.resourceArn || '(not given)'
        : `${s.host || 'localhost'}${s.port === '' ? '' : `:${s.port}`}`
  return (
    <Stack>
      <Title order={2}>Ready to set up</Title>
      <InfoRows
        label="What will be set up"
        rows={[
          ['Clinic', values.clinicName],
          ['Admin', `${values.admin.displayName} (${values.admin.username})`],
          [
            'Ledger',
            values.ledger.kind === 'bundled'
              ? 'Bundled node: a new ledger contract is deployed on this workstation'
              : `Remote node ${values.ledger.nodeUrl}, contract ${values.ledger.contract}`
          ],
          ['Cloud database', `${ENGINE_WORDS[s.engine]}: ${where}`]
        ]}
      />
      <Text size="sm">
        Setting up creates the clinic&apos;s keys, the admin&apos;s signing key, connects or deploys
        the ledger and prepares the cloud database. It takes up to a minute.
      </Text>
    </Stack>
  )
}

/** While `clinic:init` runs: what is happening, and for how long, so the window never looks frozen. */
export function SettingUp() {
  const [seconds, setSeconds] = useState(0)
  const interval = useInterval(() => setSeconds((s) => s + 1), 1000)
  useEffect(() => {
    interval.start()
    return interval.stop
  }, [interval])
  return (
    <Stack aria-busy="true" data-testid="setting-up">
      <Title order={2}>Setting up the clinic…</Title>
      <Progress value={100} striped animated aria-label="Setting up" />
      <List size="sm">
        <List.Item>Creating the clinic&apos;s keys and the admin&apos;s signing key</List.Item>
        <List.Item>Starting the ledger and deploying or checking the contract</List.Item>
        <List.Item>Preparing the cloud database</List.Item>
      </List>
      <Text size="sm" c="dimmed" role="timer" aria-live="off">
        {seconds} s
      </Text>
    </Stack>
  )
}

/** What `clinic:init` did, and what is left to do. */
export function SetupDone({ result }: { result: ClinicInitResult }) {
  return (
    <Stack data-testid="setup-done">
      <Title order={2}>{result.clinic} is set up</Title>
      <InfoRows
        label="What was set up"
        rows={[
          ['Admin', `${result.admin} (logged in)`],
          ['Admin address', <Code>{result.adminAddress}</Code>],
          [
            'Ledger',
            `${result.ledger.kind === 'bundled' ? 'Bundled node' : (result.ledger.nodeUrl ?? 'Remote node')}, chain ${result.ledger.chainId}`
          ],
          ['Contract', <Code>{result.ledger.address}</Code>],
          ['Handshaker', <Code>{result.handshaker}</Code>],
          ['Cloud database', `${result.cloud.where}; ${result.cloud.details}`],
          [
            'Secrets kept in',
            result.secretStore === 'keychain' ? 'the OS keychain' : 'the encrypted vault file'
          ]
        ]}
      />
      {result.notices.length > 0 && (
        <Alert color="orange" title="Left to do">
          <List size="sm">
            {result.notices.map((notice) => (
              <List.Item key={notice}>{notice}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  )
}
