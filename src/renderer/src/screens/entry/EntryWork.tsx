import { Alert, Button, Group, Text } from '@mantine/core'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { TemplateDetail } from '../../../../shared/ipc/schemas'
import { isError } from '../../../../shared/errors'
import { formatDateTime } from '../../components/format'
import { draftKey } from '../../state/entry-slice'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { emptyValues, type EntryAttributes, type EntryValues } from './entry-schema'
import { EntryForm, type FieldFault } from './EntryForm'
import { SubmitProgress } from './SubmitProgress'

/**
 * The form and what became of its submits. The values live in the form and,
 * at every change, in the entry slice's draft for this patient and template,
 * so leaving the screen and coming back finds them (the lock keeps the
 * screen mounted anyway). A submit drops the draft; a refusal brings it back
 * and keeps the form filled, now checked against the template's latest
 * version (a new version is how a value the form allowed gets refused).
 */
export function EntryWork({
  patientId,
  detail: opened,
  initialValues,
  supersedes,
  correcting
}: {
  patientId: string
  detail: TemplateDetail
  initialValues: EntryValues
  supersedes: string | undefined
  correcting: string | null
}) {
  const key = draftKey(patientId, opened.slug, supersedes)
  const saveDraft = useStore((s) => s.saveDraft)
  const dropDraft = useStore((s) => s.dropDraft)
  const submitRecord = useStore((s) => s.submitRecord)
  const loadEntryTemplate = useStore((s) => s.loadEntryTemplate)
  const navigate = useStore((s) => s.navigate)
  const [detail, setDetail] = useState(opened)
  const [tid, setTid] = useState<string | null>(null)
  const submission = useStore((s) => (tid ? s.submissions[tid] : undefined))
  const [failure, setFailure] = useState<string | null>(null)
  // The core's check before signing, about one attribute of this form.
  const [coreFault, setCoreFault] = useState<FieldFault | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  // What the form holds now: the draft, kept outside React's state so typing re-renders nothing here.
  const [startValues, setStartValues] = useState(
    () => useStore.getState().drafts[key] ?? initialValues
  )
  const values = useRef<EntryValues>(startValues)

  const onValuesChange = useCallback(
    (next: EntryValues) => {
      values.current = next
      saveDraft(key, next)
    },
    [key, saveDraft]
  )

  /** Reads the template again: a newer version replaces the form's rules, values kept. */
  function followLatest(): void {
    loadEntryTemplate(opened.slug).then(
      (latest) => {
        if (latest.version === detail.version) return
        setNotice(
          `Version ${latest.version} of ${latest.title} has been published since this form opened; the form now checks its rules.`
        )
        setStartValues(values.current)
        setDetail(latest)
      },
      () => undefined
    )
  }

  const rejected = submission?.state === 'rejected'
  const rejectedTid = rejected ? submission.tid : null
  useEffect(() => {
    if (!rejectedTid) return
    // Once per refusal: the values back as a draft, and the template's latest rules.
    saveDraft(key, values.current)
    followLatest()
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per refused record
  }, [rejectedTid])

  async function onSubmit(attributes: EntryAttributes) {
    setFailure(null)
    setCoreFault(null)
    try {
      const sent = await submitRecord({
        patientId,
        // The latest version signs new records: the ledger checks the rules of the one named here.
        template: detail.slug,
        attributes,
        ...(supersedes ? { supersedes } : {})
      })
      dropDraft(key)
      setTid(sent.tid)
    } catch (error) {
      const attribute = isError(error, 'INVALID_ARGUMENT')
        ? error.field?.match(/^attributes\.(.+)$/)?.[1]
        : undefined
      if (attribute) setCoreFault({ attribute, message: messageOf(error) })
      else setFailure(messageOf(error))
      // Refused before signing (an attribute a newer version no longer has, say): its rules next.
      if (isError(error, 'INVALID_ARGUMENT')) followLatest()
    }
  }

  function enterAnother() {
    if (supersedes) {
      navigate({ name: 'new-record', patientId, template: detail.slug })
      return
    }
    dropDraft(key)
    values.current = emptyValues(detail.definition)
    setStartValues(values.current)
    setTid(null)
    setFailure(null)
    setCoreFault(null)
    setGeneration((g) => g + 1)
  }

  const rejection = rejected ? submission.rejection : null
  const rejectionFault = useMemo<FieldFault | null>(
    () =>
      rejection?.attribute
        ? { attribute: rejection.attribute, message: rejection.explanation }
        : null,
    [rejection]
  )

  // On its field while the form has it; above the buttons once a newer version dropped it.
  const faultOnField =
    coreFault && detail.definition.attributes.some((a) => a.key === coreFault.attribute)
  const shownFailure = failure ?? (coreFault && !faultOnField ? coreFault.message : null)

  const inFlight = Boolean(submission && !rejected)
  return (
    <>
      <Text size="sm" c="dimmed" data-testid="template-version">
        Template version {detail.version}
      </Text>
      {correcting && (
        <Alert color="blue" title="A correction is a new record">
          It is linked to the record of {formatDateTime(correcting)}, which stays on the timeline as
          it was signed.
        </Alert>
      )}
      {notice && (
        <Alert color="orange" title="The template has changed" data-testid="template-changed">
          {notice}
        </Alert>
      )}
      <EntryForm
        key={`${detail.version} ${generation}`}
        definition={detail.definition}
        defaultValues={startValues}
        disabled={inFlight}
        fault={faultOnField ? coreFault : rejectionFault}
        submitLabel={rejected ? 'Submit again' : supersedes ? 'Submit the correction' : 'Submit'}
        onValuesChange={onValuesChange}
        onSubmit={onSubmit}
      >
        {shownFailure && (
          <Alert color="red" title="Not submitted" role="alert">
            {shownFailure}
          </Alert>
        )}
        {submission && <SubmitProgress submission={submission} />}
      </EntryForm>
      {inFlight && (
        <Group justify="flex-end">
          <Button variant="default" onClick={() => navigate({ name: 'patient', patientId })}>
            Back to the patient
          </Button>
          <Button onClick={enterAnother}>Enter another</Button>
        </Group>
      )}
    </>
  )
}
