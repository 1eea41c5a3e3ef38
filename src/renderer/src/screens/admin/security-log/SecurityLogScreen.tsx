import { Alert, Button, Code, Group, Stack, Table, Text } from '@mantine/core'
import { useEffect } from 'react'
import { formatDateTime } from '../../../components/format'
import { useStore } from '../../../state/store'
import { SectionHead } from '../SectionHead'
import { LogCheck } from './LogCheck'
import { detailText, eventText } from './log-text'

/**
 * The security log, newest first, a page at a time: who did what and when.
 * Reading it is itself an entry. "Check the log" asks the core to re-derive
 * the chain of hashes and compare it with the heads anchored on the ledger
 * (`audit:verify-log`, as `mediblock audit log --verify`); the page never
 * claims the log is intact without that check.
 */
export function SecurityLogScreen() {
  const log = useStore((s) => s.securityLog)
  const load = useStore((s) => s.loadSecurityLog)
  const loadOlder = useStore((s) => s.loadOlderSecurityLog)
  const check = useStore((s) => s.securityLogCheck)
  const verify = useStore((s) => s.verifySecurityLog)
  useEffect(() => {
    void load()
  }, [load])
  const entries = log.value?.entries ?? []

  return (
    <Stack maw={1200} data-testid="admin-security-log">
      <SectionHead
        title="Security log"
        onRefresh={() => void load()}
        loading={log.loading}
        error={log.error}
      >
        Every login, change and look at patient data on this workstation, newest first. Each entry
        is chained to the one before by its hash and the chain is anchored on the ledger.{' '}
        <b>Check the log</b> re-derives the chain and compares it with the ledger, as{' '}
        <Code>mediblock audit log --verify</Code> does.
      </SectionHead>
      <Group>
        <Button onClick={() => void verify()} loading={check.loading}>
          Check the log
        </Button>
      </Group>
      {check.error && (
        <Alert color="red" title="The log could not be checked" role="alert">
          {check.error}
        </Alert>
      )}
      {check.value && !check.loading && <LogCheck check={check.value} />}
      <Table aria-label="Security log" striped withTableBorder verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Event</Table.Th>
            <Table.Th>Subject</Table.Th>
            <Table.Th>Details</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.seq} data-action={entry.action}>
              <Table.Td>{entry.seq}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
              <Table.Td>{entry.actor}</Table.Td>
              <Table.Td>
                {eventText(entry.action)}
                <Text size="xs" c="dimmed" ff="monospace">
                  {entry.action}
                </Text>
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{entry.subject ?? '—'}</Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Text size="sm">{detailText(entry.detail) || '—'}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
          {entries.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm">{log.value === null ? 'Loading…' : 'The log is empty.'}</Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
      <Group justify="space-between">
        <Text size="sm" role="status">
          {entries.length} entr{entries.length === 1 ? 'y' : 'ies'} shown
          {log.value && log.value.nextBefore === null ? ', back to the first.' : '.'}
        </Text>
        {log.value?.nextBefore && (
          <Button variant="default" onClick={() => void loadOlder()} loading={log.loading}>
            Load older
          </Button>
        )}
      </Group>
    </Stack>
  )
}
