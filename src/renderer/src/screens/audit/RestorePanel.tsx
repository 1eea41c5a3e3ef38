import { Alert, Button, Code, Group, List, Modal, Stack, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { problemWords } from '../../components/RecordStatus'
import type { RestoreOutcome } from '../../state/audit-slice'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'

/** What restore did to one record, in words. */
export const ACTION_WORDS: Record<RestoreOutcome['action'], string> = {
  rewritten: "Rewritten from this workstation's copy",
  removed: 'Removed from the cloud',
  'moved-to-audit-table': 'Moved aside to the audit table',
  'not-restored': 'Not restored'
}

/**
 * Restore (admins): repairs the problems the last verify found from this
 * workstation's copies that verify, after a confirmation that says what will
 * happen; then the caller verifies again.
 */
export function RestoreButton({
  tids,
  disabled,
  onRestored
}: {
  tids: readonly string[]
  disabled: boolean
  onRestored: (outcomes: RestoreOutcome[]) => void
}) {
  const restoreRecords = useStore((s) => s.restoreRecords)
  const [confirming, setConfirming] = useState(false)
  const [working, setWorking] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const count = `${tids.length} record${tids.length === 1 ? '' : 's'}`

  async function restore() {
    setWorking(true)
    setFailure(null)
    try {
      const outcomes = await restoreRecords(tids)
      setConfirming(false)
      onRestored(outcomes)
    } catch (error) {
      setFailure(messageOf(error))
    } finally {
      setWorking(false)
    }
  }

  return (
    <>
      <Button color="orange" onClick={() => setConfirming(true)} disabled={disabled}>
        Restore {count}…
      </Button>
      <Modal
        opened={confirming}
        onClose={() => !working && setConfirming(false)}
        title={`Restore ${count}?`}
        centered
      >
        <Stack>
          <Text size="sm">
            Each record is repaired in the cloud database from this workstation&apos;s copy, and
            only where that copy verifies against the ledger:
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>altered or missing rows are written again;</List.Item>
            <List.Item>
              rows the ledger does not anchor are moved aside to an audit table;
            </List.Item>
            <List.Item>what cannot be repaired here is left and said so.</List.Item>
          </List>
          <Text size="sm">The repair is in the security log. Verify runs again afterwards.</Text>
          {failure && (
            <Alert color="red" title="Not restored" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)} disabled={working}>
              Cancel
            </Button>
            <Button color="orange" onClick={() => void restore()} loading={working}>
              Restore
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  )
}

/** What the last restore repaired, record by record. */
export function RestoreOutcomes({ outcomes }: { outcomes: RestoreOutcome[] }) {
  const repaired = outcomes.filter((o) => o.action !== 'not-restored').length
  return (
    <Stack gap="xs" data-testid="restore-outcomes">
      <Title order={3}>Restored</Title>
      <Text size="sm" role="status">
        {repaired} of {outcomes.length} record{outcomes.length === 1 ? '' : 's'} repaired.
      </Text>
      <Table withTableBorder aria-label="What restore did">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Record (tid)</Table.Th>
            <Table.Th>Problem</Table.Th>
            <Table.Th>What was done</Table.Th>
            <Table.Th>Detail</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {outcomes.map((o) => (
            <Table.Tr key={o.tid} data-action={o.action}>
              <Table.Td>
                <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{o.tid}</Code>
              </Table.Td>
              <Table.Td>{problemWords(o.kind)}</Table.Td>
              <Table.Td>{ACTION_WORDS[o.action]}</Table.Td>
              <Table.Td>{o.detail}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
