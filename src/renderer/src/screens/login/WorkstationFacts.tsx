import { Group, Text } from '@mantine/core'
import type { AppInfo } from '../../../../shared/ipc/schemas'
import { CLOUD_LABELS, LEDGER_LABELS } from '../../components/labels'

/**
 * The status line of screens before login (the live status bar needs a
 * session): what this workstation is attached to, and what it still holds.
 */
export function WorkstationFacts({ info }: { info: AppInfo }) {
  const waiting = info.queue.queued + info.queue.submitted + info.queue.cloudBacklog
  return (
    <Group gap="lg" component="footer" aria-label="Workstation" data-testid="workstation-facts">
      <Text size="sm" c="dimmed">
        Ledger: {LEDGER_LABELS[info.ledger.kind]}
      </Text>
      <Text size="sm" c="dimmed">
        Cloud: {CLOUD_LABELS[info.cloud.engine]}
      </Text>
      <Text size="sm" c="dimmed">
        {waiting === 0 ? 'Nothing waiting to be sent' : `${waiting} records waiting to be sent`}
      </Text>
    </Group>
  )
}
