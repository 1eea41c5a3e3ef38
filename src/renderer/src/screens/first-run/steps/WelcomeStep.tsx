import { Alert, Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { AppInfo } from '../../../../../shared/ipc/schemas'
import { InfoRows } from '../../../components/InfoRows'
import { CLOUD_LABELS, FACE_LABELS, LEDGER_LABELS } from '../../../components/labels'

/**
 * The first screen of a workstation with no clinic yet: what this
 * workstation is, where its data lives, and what protection to expect.
 */
export function WelcomeStep({ info }: { info: AppInfo }) {
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="baseline">
        <Title order={1}>Welcome to MediBlock</Title>
        <Badge variant="light" size="lg">
          {FACE_LABELS[info.face]}
        </Badge>
      </Group>
      <Text>
        MediBlock makes your clinic&apos;s health records tamper-evident: every record is signed by
        its author and checked by a smart contract before it reaches your cloud database, so anyone
        holding the clinic&apos;s verification data can later prove the cloud copy was not altered,
        deleted or forged.
      </Text>
      <Alert title="This workstation has no clinic yet" color="blue" variant="light">
        An administrator sets up the clinic here: its name, the first admin account, the ledger and
        the cloud database.
      </Alert>
      <Card withBorder padding="lg" component="section" aria-labelledby="workstation-heading">
        <Title order={2} size="h4" mb="sm" id="workstation-heading">
          This workstation
        </Title>
        <InfoRows
          label="Workstation details"
          rows={[
            ['Version', `${info.name} ${info.version}`],
            ['Data folder', <span data-testid="data-dir">{info.dataDir}</span>],
            ['Workstation id', info.workstationId],
            ['Local store', `schema ${info.localStore.schemaVersion}`],
            ['Ledger', LEDGER_LABELS[info.ledger.kind]],
            ['Cloud database', CLOUD_LABELS[info.cloud.engine]]
          ]}
        />
      </Card>
      <Text size="sm" c="dimmed">
        Trust: with a public or consortium network, tampering in the cloud database is detectable by
        anyone holding the clinic&apos;s verification data. With the bundled node, whoever controls
        this workstation controls the chain, so it protects against cloud-side tampering only.
      </Text>
    </Stack>
  )
}
