import { LineChart, type ChartReferenceLineProps } from '@mantine/charts'
import { Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import dayjs from 'dayjs'
import { useId } from 'react'
import { formatDateTime } from '../../../components/format'
import { unitText } from '../../../components/units'
import type { Series } from './vital-groups'

/** Line colours, one per series of a chart (Mantine palette names). */
const COLORS = ['blue.7', 'grape.7', 'teal.7']

/** Beyond this many readings the line alone shows them (a dot each would be a smear, and slow to draw). */
const MAX_DOTS = 60

/** Readings listed in the chart's text alternative, newest first. */
const LISTED_READINGS = 10

type Row = { t: number; time: string; tid: string } & Record<string, number | string>

/** The group's points merged by record, oldest first: one row per record, a column per attribute. */
function rowsOf(series: readonly Series[]): Row[] {
  const byTid = new Map<string, Row>()
  for (const one of series) {
    for (const point of one.points) {
      const row = byTid.get(point.tid) ?? {
        t: Date.parse(point.time),
        time: point.time,
        tid: point.tid
      }
      row[one.attribute] = point.value
      byTid.set(point.tid, row)
    }
  }
  return [...byTid.values()].sort((a, b) => a.t - b.t)
}

/**
 * The value axis: the readings and the usual band, with a margin. The
 * ledger's limits are far wider (a heart rate of 20 to 250): stretching the
 * axis to them would flatten every reading into a line, so they show as
 * lines only where they fall within it, and are always said in the caption.
 */
function domainOf(series: readonly Series[]): [number, number] {
  const values = series.flatMap((one) => {
    const usual = one.usual
    return [...one.points.map((p) => p.value), ...(usual ? [usual.low, usual.high] : [])]
  })
  const low = Math.min(...values)
  const high = Math.max(...values)
  const margin = Math.max((high - low) * 0.1, 1)
  return [Math.floor(low - margin), Math.ceil(high + margin)]
}

const valueText = (value: number, unit: string | null) =>
  `${value}${unit ? ` ${unitText(unit)}` : ''}`

/** What the chart shows, in words: the latest reading, and the ranges against it. */
function summaryOf(one: Series): string {
  const latest = one.points.at(-1)
  const usual = one.usual
  const parts = [
    latest
      ? `${one.label}: latest ${valueText(latest.value, one.unit)} on ${formatDateTime(latest.time)}, ${one.points.length} reading${one.points.length === 1 ? '' : 's'}`
      : `${one.label}: no readings`
  ]
  if (usual) {
    const outside = latest && (latest.value < usual.low || latest.value > usual.high)
    parts.push(
      `usual range ${usual.low}–${valueText(usual.high, one.unit)} (${usual.source}${latest ? (outside ? '; latest is outside it' : '; latest is within it') : ''})`
    )
  }
  if (one.range)
    parts.push(`the ledger accepts ${one.range.min}–${valueText(one.range.max, one.unit)}`)
  return `${parts.join('; ')}.`
}

/**
 * One vital sign (or a pair read together, like blood pressure) over time:
 * the usual range the template names (NEWS2's score-0 band for the default
 * vital signs) shaded, the ledger's accepted limits as dashed
 * lines where they fall on the axis, the unit on the value axis. The drawing is hidden from screen
 * readers; its caption says the latest reading and the ranges, and a
 * hidden table lists the recent readings.
 */
export function VitalChart({ title, series }: { title: string; series: Series[] }) {
  const id = useId()
  const rows = rowsOf(series)
  const unit = series[0]?.unit ?? null
  const referenceLines: ChartReferenceLineProps[] = series.flatMap((one, index) =>
    one.range
      ? [one.range.min, one.range.max].map((y, end) => ({
          y,
          color: COLORS[index % COLORS.length] ?? 'gray',
          strokeDasharray: '4 4',
          label: `${series.length > 1 ? `${one.label}: ` : ''}ledger ${end === 0 ? 'min' : 'max'} ${y}`,
          labelPosition: 'insideTopRight' as const
        }))
      : []
  )
  const referenceAreas = series.flatMap((one) => {
    const usual = one.usual
    return usual
      ? [
          {
            y1: usual.low,
            y2: usual.high,
            color: 'green',
            fillOpacity: 0.08,
            label: `${usual.source}${series.length > 1 ? `: ${one.label.toLowerCase()}` : ''}`,
            labelPosition: 'insideBottomLeft' as const
          }
        ]
      : []
  })
  return (
    <Paper
      withBorder
      p="sm"
      component="figure"
      m={0}
      aria-labelledby={`${id}-title`}
      data-testid="vital-chart"
      data-attributes={series.map((s) => s.attribute).join(' ')}
    >
      <Title order={3} size="h5" id={`${id}-title`}>
        {title}
        {unit ? ` (${unitText(unit)})` : ''}
      </Title>
      <div aria-hidden>
        <LineChart
          h={180}
          mt="xs"
          data={rows}
          dataKey="t"
          series={series.map((one, index) => ({
            name: one.attribute,
            label: one.label,
            color: COLORS[index % COLORS.length] ?? 'blue.7'
          }))}
          curveType="linear"
          withDots={rows.length <= MAX_DOTS}
          withLegend={series.length > 1}
          accessibilityLayer={false}
          xAxisProps={{
            type: 'number',
            scale: 'time',
            domain: ['dataMin', 'dataMax'],
            tickFormatter: (t: number) => dayjs(t).format('D MMM HH:mm')
          }}
          yAxisProps={{ domain: domainOf(series), width: 56, allowDataOverflow: true }}
          yAxisLabel={unitText(unit)}
          tooltipProps={{
            labelFormatter: (t: unknown) =>
              typeof t === 'number' ? formatDateTime(new Date(t).toISOString()) : ''
          }}
          referenceLines={referenceLines}
          referenceAreas={referenceAreas}
        />
      </div>
      <Text component="figcaption" size="sm" mt="xs" data-testid="chart-summary">
        {series.map(summaryOf).join(' ')}
      </Text>
      <VisuallyHidden>
        <Table>
          <caption>{`${title}: the ${Math.min(rows.length, LISTED_READINGS)} most recent readings`}</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Time</Table.Th>
              {series.map((one) => (
                <Table.Th scope="col" key={one.attribute}>
                  {one.label}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows
              .slice(-LISTED_READINGS)
              .reverse()
              .map((row) => (
                <Table.Tr key={row.tid}>
                  <Table.Td>{formatDateTime(row.time)}</Table.Td>
                  {series.map((one) => {
                    const value = row[one.attribute]
                    return (
                      <Table.Td key={one.attribute}>
                        {typeof value === 'number' ? valueText(value, one.unit) : '—'}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </Paper>
  )
}
