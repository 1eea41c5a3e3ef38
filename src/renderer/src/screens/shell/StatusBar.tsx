import { Box, ColorSwatch, Group, Text, Tooltip } from '@mantine/core'
import { useInterval } from '@mantine/hooks'
import { useEffect, useState } from 'react'
import type { WorkstationStatus } from '../../../../shared/ipc/schemas'
import { ago } from '../../components/format'
import { useStore } from '../../state/store'

type Level = 'ok' | 'bad' | 'unknown' | 'off'

const SWATCH: Record<Level, string> = {
  ok: 'var(--mantine-color-green-7)',
  bad: 'var(--mantine-color-red-7)',
  unknown: 'var(--mantine-color-gray-5)',
  off: 'var(--mantine-color-gray-5)'
}

const NODE_WORDS: Record<WorkstationStatus['node'], [Level, string]> = {
  up: ['ok', 'connected'],
  down: ['bad', 'unreachable'],
  unknown: ['unknown', 'checking…'],
  none: ['off', 'not set up']
}

const CLOUD_WORDS: Record<WorkstationStatus['cloud'], [Level, string]> = {
  up: ['ok', 'connected'],
  down: ['bad', 'unreachable'],
  unknown: ['unknown', 'checking…']
}

function Fact({ label, level, children }: { label: string; level?: Level; children: string }) {
  return (
    <Group gap={6} wrap="nowrap" data-testid={`status-${label.toLowerCase().replace(/\s+/g, '-')}`}>
      {level && <ColorSwatch color={SWATCH[level]} size={10} withShadow={false} aria-hidden />}
      <Text size="sm" c="inherit" span>
        <Text span fw={600} c="inherit" inherit>
          {label}:
        </Text>{' '}
        {children}
      </Text>
    </Group>
  )
}

/** Re-renders every 30 s so "last sync 2 minutes ago" stays true. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now())
  const interval = useInterval(() => setNow(Date.now()), 30_000)
  useEffect(() => {
    interval.start()
    return interval.stop
  }, [interval])
  return now
}

/**
 * The bar at the foot of every screen: ledger node, cloud database, queue
 * depth, last sync, fed by `status:changed`. Offline turns the whole bar
 * red and says what it means for the work in hand.
 */
export function StatusBar() {
  const status = useStore((s) => s.status)
  const now = useNow()

  if (!status) {
    return (
      <Box px="md" h="100%" display="flex" style={{ alignItems: 'center' }}>
        <Text size="sm" c="dimmed">
          Checking the ledger and the cloud…
        </Text>
      </Box>
    )
  }

  const [nodeLevel, nodeWords] = NODE_WORDS[status.node]
  const [cloudLevel, cloudWords] = CLOUD_WORDS[status.cloud]
  const { depth, cloudBacklog, failing } = status.queue
  const queueWords =
    depth + cloudBacklog === 0
      ? 'empty'
      : [
          depth ? `${depth} waiting for the ledger` : null,
          cloudBacklog ? `${cloudBacklog} waiting for the cloud` : null,
          failing ? `${failing} failing` : null
        ]
          .filter(Boolean)
          .join(', ')
  const busy = status.busy.syncing ? ' (syncing now)' : status.busy.draining ? ' (sending)' : ''

  return (
    <Group
      h="100%"
      px="md"
      gap="lg"
      wrap="nowrap"
      bg={status.offline ? 'red.9' : undefined}
      c={status.offline ? 'white' : undefined}
      data-offline={status.offline}
      data-testid="status-bar"
    >
      {/* A live region that exists before it has anything to say, so going offline is announced. */}
      <Box role="status" aria-live="polite">
        {status.offline && (
          <Text fw={700} size="sm" c="white" data-testid="offline-banner">
            OFFLINE: entries are kept safely on this workstation and sent when the connection
            returns.
          </Text>
        )}
      </Box>
      <Fact label="Node" level={nodeLevel}>
        {nodeWords}
      </Fact>
      <Fact label="Cloud" level={cloudLevel}>
        {cloudWords}
      </Fact>
      <Fact label="Queue">{queueWords}</Fact>
      <Fact label="Last sync">{ago(status.lastSyncAt, now) + busy}</Fact>
      {status.lastError && (
        <Tooltip label={status.lastError} multiline w={360}>
          <Text size="sm" truncate="end" maw={320} tabIndex={0} c="inherit">
            {status.lastError}
          </Text>
        </Tooltip>
      )}
    </Group>
  )
}
