import { Badge, Stack, Text, Title } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { TimelineItem } from '../../../../../shared/ipc/schemas'
import { formatDateTime } from '../../../components/format'
import { STATE_WORDS } from '../../../components/RecordStatus'
import { SortableTable, type sortableFeatures } from '../../../components/SortableTable'
import { useStore } from '../../../state/store'
import {
  FLAG_ORDER,
  LAB_TEMPLATE,
  labFlag,
  labValues,
  rangeText,
  testName,
  type LabFlag,
  type LabValues
} from './lab-flags'

/** One row of the table: a lab result as a clinician scans them. */
interface LabRow {
  tid: string
  test: string
  values: LabValues
  flag: LabFlag
  signedAt: string
  author: string
  state: TimelineItem['state']
}

/** The flag in words and colour (never colour alone). */
export function LabFlagBadge({ flag }: { flag: LabFlag }) {
  return (
    <Badge
      color={flag.color}
      variant={flag.level.startsWith('critical') ? 'filled' : 'light'}
      data-flag={flag.level}
    >
      {flag.words}
    </Badge>
  )
}

const helper = createColumnHelper<typeof sortableFeatures, LabRow>()

const columns = helper.columns([
  helper.accessor('test', { header: 'Test', sortFn: 'text' }),
  helper.accessor((row) => row.values.value ?? Number.NEGATIVE_INFINITY, {
    id: 'value',
    header: 'Value',
    sortFn: 'basic',
    cell: (info) => {
      const { value } = info.row.original.values
      return (
        <Text span size="sm" fw={info.row.original.flag.flagged ? 700 : undefined}>
          {value ?? '—'}
        </Text>
      )
    }
  }),
  helper.accessor((row) => row.values.unit ?? '', {
    id: 'unit',
    header: 'Unit',
    sortFn: 'text',
    cell: (info) => info.getValue() || '—'
  }),
  helper.accessor((row) => rangeText({ ...row.values, unit: null }) ?? '', {
    id: 'range',
    header: 'Reference range',
    enableSorting: false,
    cell: (info) => info.getValue() || '—'
  }),
  // Urgency as a number: a first click sorts numbers high to low, so the most urgent come first.
  helper.accessor((row) => FLAG_ORDER.length - FLAG_ORDER.indexOf(row.flag.level), {
    id: 'flag',
    header: 'Flag',
    sortFn: 'basic',
    cell: (info) => <LabFlagBadge flag={info.row.original.flag} />
  }),
  helper.accessor('signedAt', {
    header: 'Date',
    sortFn: 'basic',
    cell: (info) => formatDateTime(info.getValue())
  }),
  helper.accessor('author', { header: 'Author', sortFn: 'text' }),
  helper.accessor('state', {
    header: 'Status',
    sortFn: 'basic',
    cell: (info) => STATE_WORDS[info.getValue()].label
  })
])

/**
 * The patient's lab results as loaded on the timeline, newest first; a
 * result a later record corrects gives way to its correction (the timeline
 * keeps both). Flags come from {@link labFlag}: the result's own reference
 * range, and the template's critical limits for its test and unit.
 */
export function LabResultsTable({ items }: { items: TimelineItem[] }) {
  const templates = useStore((s) => s.templates)
  const rows = useMemo(
    () =>
      items
        .filter((item) => item.template.slug === LAB_TEMPLATE && !item.supersededBy)
        .map((item): LabRow => {
          const values = labValues(item.attributes)
          const definition = templates[`${item.template.slug}@${item.template.version}`]?.definition
          return {
            tid: item.tid,
            test: testName(definition, values.test),
            values,
            flag: labFlag(values, definition, item.attributes),
            signedAt: item.signedAt,
            author: item.author.displayName ?? item.author.username,
            state: item.state
          }
        }),
    [items, templates]
  )
  if (rows.length === 0) return null
  const flagged = rows.filter((row) => row.flag.flagged).length
  const normal = rows.filter((row) => row.flag.level === 'normal').length
  return (
    <Stack component="section" aria-labelledby="lab-heading" gap="xs" data-testid="lab-results">
      <Title order={2} size="h3" id="lab-heading">
        Lab results
      </Title>
      <Text size="sm" c="dimmed">
        {`${rows.length} result${rows.length === 1 ? '' : 's'}`}
        {flagged > 0
          ? `, ${flagged} flagged outside the range`
          : normal === rows.length
            ? ', all within the reference range'
            : ''}
      </Text>
      <SortableTable
        label="Lab results"
        data={rows}
        columns={columns}
        rowKey={(row) => row.tid}
        empty="No lab results."
        initialSort={[{ id: 'signedAt', desc: true }]}
      />
    </Stack>
  )
}
