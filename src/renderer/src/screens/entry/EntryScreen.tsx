import { Alert, Button, Group, Loader, Stack, Text, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { TemplateDetail } from '../../../../shared/ipc/schemas'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { emptyValues, valuesFromRecord, type EntryValues } from './entry-schema'
import { EntryWork } from './EntryWork'
import { TemplatePicker } from './TemplatePicker'

/** What a form starts from: the template's latest version, and a corrected record's values. */
interface Start {
  detail: TemplateDetail
  values: EntryValues
  /** When the corrected record was signed. */
  correcting: string | null
}

/**
 * A new record (or a correction) for a patient, from a template's form. No
 * template chosen: the templates this role may author. A correction starts
 * from the record it corrects and submits a new, linked record.
 */
export function EntryScreen({
  patientId,
  template,
  supersedes
}: {
  patientId: string
  template?: string | undefined
  supersedes?: string | undefined
}) {
  const patient = useStore((s) => s.known[patientId])
  const locked = useStore((s) => s.session?.locked ?? false)
  const loadEntryTemplate = useStore((s) => s.loadEntryTemplate)
  const loadRecord = useStore((s) => s.loadRecord)
  const navigate = useStore((s) => s.navigate)
  const [start, setStart] = useState<Start | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const chosen = Boolean(template || supersedes)

  useEffect(() => {
    // Opened under the lock, the core answers LOCKED: read it once unlocked.
    if (!chosen || locked || start) return
    let live = true
    void (async () => {
      try {
        const record = supersedes ? await loadRecord(supersedes) : null
        // The latest version: new records, corrections too, are signed under it.
        const detail = await loadEntryTemplate(template ?? record!.template.slug)
        const values = record
          ? valuesFromRecord(detail.definition, record.attributes)
          : emptyValues(detail.definition)
        if (live) {
          setStart({ detail, values, correcting: record?.signedAt ?? null })
          setFailure(null)
        }
      } catch (error) {
        if (live) setFailure(messageOf(error))
      }
    })()
    return () => {
      live = false
    }
  }, [chosen, locked, start, template, supersedes, loadEntryTemplate, loadRecord])

  const title = supersedes
    ? `Correct a record${start ? `: ${start.detail.title}` : ''}`
    : `New record${start ? `: ${start.detail.title}` : ''}`

  return (
    <Stack maw={860} data-testid="entry-screen" data-patient={patientId}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={1}>{title}</Title>
          <Text c="dimmed">For {patient?.name ?? 'the patient'}</Text>
        </Stack>
        <Button variant="default" onClick={() => navigate({ name: 'patient', patientId })}>
          Back
        </Button>
      </Group>
      {!chosen ? (
        <TemplatePicker patientId={patientId} />
      ) : failure ? (
        <Alert color="red" title="The form could not be opened" role="alert">
          {failure}
        </Alert>
      ) : !start ? (
        <Loader aria-label="Opening the form" />
      ) : (
        <EntryWork
          patientId={patientId}
          detail={start.detail}
          initialValues={start.values}
          supersedes={supersedes}
          correcting={start.correcting}
        />
      )}
    </Stack>
  )
}
