import { Alert, Loader, Stack } from '@mantine/core'
import { useEffect } from 'react'
import { useStore } from '../../state/store'
import { PatientCharts } from './charts/PatientCharts'
import { PatientHeader } from './PatientHeader'
import { Timeline } from './Timeline'

/**
 * One patient: demographics on top, then the timeline. The second half of
 * the screens adds the vital-sign charts, the lab table and the entry forms
 * here, beside {@link Timeline}.
 */
export function PatientScreen({ patientId }: { patientId: string }) {
  const patient = useStore((s) => s.known[patientId])
  const timeline = useStore((s) => s.timelines[patientId])
  const openPatient = useStore((s) => s.openPatient)
  const loadOlder = useStore((s) => s.loadOlder)
  const back = useStore((s) => s.back)

  const locked = useStore((s) => s.session?.locked ?? false)

  useEffect(() => {
    // Every visit reads the patient afresh (the core audits the view).
    if (!useStore.getState().session?.locked) void openPatient(patientId)
  }, [openPatient, patientId])

  useEffect(() => {
    // Opened under the lock, the core answered LOCKED: read it once unlocked.
    const timeline = useStore.getState().timelines[patientId]
    if (!locked && timeline?.error) void openPatient(patientId)
  }, [locked, openPatient, patientId])

  return (
    <Stack data-testid="patient-screen">
      {patient ? (
        <PatientHeader patient={patient} onBack={back} />
      ) : timeline?.error ? (
        <Alert color="red" title="This patient could not be opened" role="alert">
          {timeline.error}
        </Alert>
      ) : (
        <Loader aria-label="Opening the patient" />
      )}
      {patient && <PatientCharts patientId={patientId} />}
      {timeline && patient && (
        <Timeline timeline={timeline} onLoadOlder={() => void loadOlder(patientId)} />
      )}
    </Stack>
  )
}
