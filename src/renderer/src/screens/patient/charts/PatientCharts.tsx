import '@mantine/charts/styles.css'
import { Alert, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useEffect, useMemo } from 'react'
import type { PatientSeries } from '../../../state/charts-slice'
import { useStore } from '../../../state/store'
import { LabResultsTable } from '../lab/LabResultsTable'
import { chartGroups } from './vital-groups'
import { VitalChart } from './VitalChart'

const NONE: PatientSeries['series'] = []

/** The vital-sign charts: one per sign (blood pressure's two together), only those with readings. */
function VitalSignsCharts({ patientId }: { patientId: string }) {
  const state = useStore((s) => s.charts[patientId])
  const loadSeries = useStore((s) => s.loadSeries)
  const locked = useStore((s) => s.session?.locked ?? false)

  useEffect(() => {
    // Read on opening, and once unlocked if opened under the lock; new records re-read them.
    if (!locked) void loadSeries(patientId)
  }, [loadSeries, patientId, locked])

  const series = state?.series ?? NONE
  const charts = useMemo(() => chartGroups(series.filter((one) => one.points.length > 0)), [series])
  const none = state?.series.every((one) => one.points.length === 0) ?? true
  return (
    <Stack component="section" aria-labelledby="vitals-heading" gap="xs" data-testid="vital-signs">
      <Group justify="space-between">
        <Title order={2} size="h3" id="vitals-heading">
          Vital signs
        </Title>
        {state?.loading && <Loader size="sm" aria-label="Loading vital signs" />}
      </Group>
      {state?.error && (
        <Alert color="red" title="Vital signs could not be loaded" role="alert">
          {state.error}
        </Alert>
      )}
      {state && !state.loading && !state.error && none && (
        <Text c="dimmed">No vital signs recorded yet.</Text>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        {charts.map((chart) => (
          <VitalChart key={chart.title} title={chart.title} series={chart.series} />
        ))}
      </SimpleGrid>
    </Stack>
  )
}

/**
 * Vital signs as charts over time (`records:series`, read again when a new
 * vital-signs record is accepted) and lab results as a table with flags
 * (from the records loaded on the timeline).
 */
export function PatientCharts({ patientId }: { patientId: string }) {
  const items = useStore((s) => s.timelines[patientId]?.items)
  return (
    <Stack gap="lg" data-testid="patient-charts">
      <VitalSignsCharts patientId={patientId} />
      {items && <LabResultsTable items={items} />}
    </Stack>
  )
}
