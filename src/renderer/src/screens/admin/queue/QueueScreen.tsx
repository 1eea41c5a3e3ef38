import { Alert, Button, Checkbox, Code, Group, Stack, Text } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useEffect, useMemo, useState } from 'react'
import type { QueueItem } from '../../../../../shared/ipc/schemas'
import { formatDateTime } from '../../../components/format'
import { SortableTable, type sortableFeatures } from '../../../components/SortableTable'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { SectionHead } from '../SectionHead'
import { countsText, STAGE_WORDS, STATE_WORDS, whyText } from './queue-text'

const helper = createColumnHelper<typeof sortableFeatures, QueueItem>()

interface Selection {
  has: (tid: string) => boolean
  toggle: (tid: string) => void
}

function columnsWith(selection: Selection) {
  return helper.columns([
    helper.display({
      id: 'select',
      header: 'Select',
      cell: (info) => {
        const { tid, stage } = info.row.original
        return (
          <Checkbox
            aria-label={`Select record ${tid}`}
            checked={selection.has(tid)}
            disabled={stage === 'rejected'}
            onChange={() => selection.toggle(tid)}
          />
        )
      }
    }),
    helper.accessor('tid', {
      header: 'Record',
      sortFn: 'basic',
      cell: (info) => <Code>{info.getValue().slice(0, 10)}…</Code>
    }),
    helper.accessor((item) => STAGE_WORDS[item.stage], {
      id: 'stage',
      header: 'Waiting for',
      sortFn: 'text'
    }),
    helper.accessor((item) => STATE_WORDS[item.state], {
      id: 'state',
      header: 'State',
      sortFn: 'text'
    }),
    helper.accessor('template', { header: 'Template', sortFn: 'alphanumeric' }),
    helper.accessor('author', { header: 'Author', sortFn: 'alphanumeric' }),
    helper.accessor('createdAt', {
      header: 'Signed',
      sortFn: 'basic',
      cell: (info) => formatDateTime(info.getValue())
    }),
    helper.accessor((item) => whyText(item) ?? '', {
      id: 'why',
      header: 'Why',
      sortFn: 'text',
      cell: (info) => {
        const item = info.row.original
        const why = info.getValue()
        if (!why) return item.nextAttemptAt ? `next try ${formatDateTime(item.nextAttemptAt)}` : '—'
        return (
          <Text size="sm" c={item.rejection ? 'red.8' : undefined}>
            {why}
          </Text>
        )
      }
    })
  ])
}

/**
 * The offline queue: records waiting for the ledger or the cloud, failures
 * with their reasons, refusals with the rule that failed; try them again
 * (all, or those selected). It follows `status:changed`: whenever the status
 * bar's facts move, the list is read again.
 */
export function QueueScreen() {
  const queue = useStore((s) => s.queue)
  const load = useStore((s) => s.loadQueue)
  const retryQueue = useStore((s) => s.retryQueue)
  const status = useStore((s) => s.status)
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [retrying, setRetrying] = useState<'all' | 'selected' | null>(null)
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    void load()
  }, [load, status])

  const items = useMemo(() => queue.value?.items ?? [], [queue.value])
  // What left the queue is no longer selected.
  const waiting = new Set(items.filter((i) => i.stage !== 'rejected').map((i) => i.tid))
  const chosen = [...selected].filter((tid) => waiting.has(tid))

  const columns = useMemo(
    () =>
      columnsWith({
        has: (tid) => selected.has(tid),
        toggle: (tid) =>
          setSelected((s) => {
            const next = new Set(s)
            if (!next.delete(tid)) next.add(tid)
            return next
          })
      }),
    [selected]
  )

  const retry = async (which: 'all' | 'selected') => {
    setRetrying(which)
    setOutcome(null)
    try {
      const result = await retryQueue(which === 'all' ? undefined : chosen)
      setOutcome({
        ok: true,
        text: `Trying again now: ${result.ledger} for the ledger, ${result.cloud} for the cloud.`
      })
      setSelected(new Set())
    } catch (error) {
      setOutcome({ ok: false, text: messageOf(error) })
    } finally {
      setRetrying(null)
    }
  }

  return (
    <Stack maw={1200} data-testid="admin-queue">
      <SectionHead
        title="Queue"
        onRefresh={() => void load()}
        loading={queue.loading}
        error={queue.error}
      >
        Records signed on this workstation wait here until the ledger has them and the cloud
        database holds them; nothing in the queue is lost while the network is away.
      </SectionHead>
      {queue.value && <Text data-testid="queue-counts">{countsText(queue.value)}.</Text>}
      <Group>
        <Button
          onClick={() => void retry('all')}
          loading={retrying === 'all'}
          disabled={retrying !== null || waiting.size === 0}
        >
          Retry all
        </Button>
        <Button
          variant="default"
          onClick={() => void retry('selected')}
          loading={retrying === 'selected'}
          disabled={retrying !== null || chosen.length === 0}
        >
          Retry selected ({chosen.length})
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {outcome && (
          <Alert color={outcome.ok ? 'teal' : 'red'} title={outcome.ok ? 'Retried' : 'Not retried'}>
            {outcome.text}
          </Alert>
        )}
      </div>
      <SortableTable
        label="Queue"
        data={items}
        columns={columns}
        rowKey={(item) => item.tid}
        empty={
          queue.value === null
            ? 'Loading…'
            : 'Nothing waits: every record is on chain and in the cloud.'
        }
        initialSort={[{ id: 'createdAt', desc: false }]}
      />
      {queue.value?.truncated && (
        <Text size="sm">Only the oldest {items.length} are listed; more wait.</Text>
      )}
    </Stack>
  )
}
