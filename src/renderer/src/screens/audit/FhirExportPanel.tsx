import { Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { ExportFhirButton } from '../../components/ExportFhirButton'
import { PatientPicker } from './PatientPicker'

/** FHIR export for admins: pick a patient, download their records as a Bundle with proofs. */
export function FhirExportPanel() {
  const [patientId, setPatientId] = useState<string | null>(null)
  return (
    <Stack gap="xs" component="section" aria-labelledby="fhir-export-heading">
      <Title order={2} id="fhir-export-heading">
        FHIR export
      </Title>
      <Text size="sm" c="dimmed">
        One patient&apos;s records on chain as a FHIR R4 Bundle, each with its proof; the export is
        in the security log.
      </Text>
      <PatientPicker label="Patient to export" value={patientId} onChange={setPatientId} />
      {patientId && <ExportFhirButton key={patientId} patientId={patientId} />}
    </Stack>
  )
}
