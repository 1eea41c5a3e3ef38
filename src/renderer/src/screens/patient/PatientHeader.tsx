import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { PatientSummary } from '../../../../shared/ipc/schemas'
import { ageOf, formatDate } from '../../components/format'
import { ExportFhirButton } from '../../components/ExportFhirButton'
import { InfoRows } from '../../components/InfoRows'
import { NewRecordMenu } from './NewRecordMenu'

const SEX_WORDS: Record<PatientSummary['sex'], string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Sex not stated'
}

/** Who the patient is, and what may be done for them: the top of every patient page. */
export function PatientHeader({
  patient,
  onBack
}: {
  patient: PatientSummary
  onBack: () => void
}) {
  const age = ageOf(patient.dateOfBirth)
  return (
    <Paper withBorder p="md" component="header" data-testid="patient-header">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1}>{patient.name}</Title>
          <Text c="dimmed">
            {[
              `Born ${formatDate(patient.dateOfBirth)}${age === null ? '' : ` (${age} years)`}`,
              SEX_WORDS[patient.sex],
              patient.mrn ? `MRN ${patient.mrn}` : 'No MRN'
            ].join(' · ')}
          </Text>
        </Stack>
        <Group gap="xs" align="flex-start">
          <NewRecordMenu patientId={patient.id} />
          <ExportFhirButton patientId={patient.id} />
          <Button variant="default" onClick={onBack}>
            Back
          </Button>
        </Group>
      </Group>
      <InfoRows
        label="Patient details"
        rows={[
          ['Registered', formatDate(patient.createdAt)],
          [
            'Patient id',
            <Text span size="sm" ff="monospace">
              {patient.id}
            </Text>
          ]
        ]}
      />
    </Paper>
  )
}
