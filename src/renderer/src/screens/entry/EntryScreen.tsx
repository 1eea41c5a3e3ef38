import { Stack, Title } from '@mantine/core'

/** A new record (or a correction) for a patient, from a template's form. */
export function EntryScreen({
  patientId,
  template,
  supersedes
}: {
  patientId: string
  template?: string | undefined
  supersedes?: string | undefined
}) {
  return (
    <Stack data-testid="entry-screen" data-patient={patientId}>
      <Title order={1}>
        {supersedes ? 'Correct a record' : `New record${template ? `: ${template}` : ''}`}
      </Title>
    </Stack>
  )
}
