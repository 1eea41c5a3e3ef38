import { Alert, Code, Stack, Text, Title } from '@mantine/core'
import type { AdminSection } from '../../state/navigation-slice'
import { UsersScreen } from './users/UsersScreen'

/** What each admin section will hold, and the command that does it today. */
const SECTIONS: Record<AdminSection, { title: string; what: string; command: string }> = {
  users: {
    title: 'Users and roles',
    what: 'Create users, disable them, reset a password, register a clinician on the ledger.',
    command: 'mediblock user add --username USER --name "NAME" --role nurse --as ADMIN'
  },
  templates: {
    title: 'Templates',
    what: 'View templates, make a new version, publish it on the ledger.',
    command: 'mediblock template list'
  },
  ledger: {
    title: 'Ledger',
    what: 'Node, chain id, contract, latest block and the handshaker balance.',
    command: 'mediblock status'
  },
  cloud: {
    title: 'Cloud database',
    what: 'Where records sync to, whether it answers, its schema and counts.',
    command: 'mediblock cloud test'
  },
  queue: {
    title: 'Queue',
    what: 'Records waiting for the ledger or the cloud, failures with reasons, retry.',
    command: 'mediblock status'
  },
  'security-log': {
    title: 'Security log',
    what: 'Every login, view and change, chained and anchored on the ledger.',
    command: 'mediblock audit log --verify --as ADMIN'
  }
}

/**
 * The admin sections. Users has its screen; the others are not built yet:
 * each says what it is for and the command that does the same meanwhile.
 */
export function AdminScreen({ section }: { section: AdminSection }) {
  if (section === 'users') return <UsersScreen />
  const { title, what, command } = SECTIONS[section]
  return (
    <Stack maw={720} data-testid={`admin-${section}`}>
      <Title order={1}>{title}</Title>
      <Text>{what}</Text>
      <Alert color="blue" title="Not on this screen yet">
        <Text size="sm">Until it is, the command line does it:</Text>
        <Code block mt="xs">
          {command}
        </Code>
      </Alert>
    </Stack>
  )
}
