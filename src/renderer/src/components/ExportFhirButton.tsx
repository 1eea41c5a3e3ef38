import { Alert, Button, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { checkAccess } from '../../../shared/ipc/access'
import { CHANNELS } from '../../../shared/ipc/channels'
import { messageOf } from '../state/errors'
import { useStore } from '../state/store'
import { downloadFile } from './download'

/** What the last export did, said under the button. */
type Outcome =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; fileName: string; records: number; left: number }
  | { kind: 'failed'; message: string }

/**
 * Downloads one patient's anchored records as a FHIR R4 Bundle with proofs
 * (`export:fhir`). Shown only to the roles the contract lets export (the
 * core refuses the others again), so nobody meets a button that cannot work.
 */
export function ExportFhirButton({ patientId }: { patientId: string }) {
  const client = useStore((s) => s.client)
  const role = useStore((s) => s.session?.user?.role ?? null)
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })
  if (!client || checkAccess(CHANNELS['export:fhir'].access, role) !== null) return null

  async function exportBundle() {
    if (!client) return
    setOutcome({ kind: 'working' })
    try {
      const answer = await client.call('export:fhir', { patientId })
      downloadFile(answer.file)
      const { queued, submitted, rejected } = answer.excluded
      setOutcome({
        kind: 'done',
        fileName: answer.file.fileName,
        records: answer.records,
        left: queued + submitted + rejected
      })
    } catch (error) {
      setOutcome({ kind: 'failed', message: messageOf(error) })
    }
  }

  return (
    <Stack gap={4} align="flex-start" data-testid="export-fhir">
      <Button
        variant="default"
        onClick={() => void exportBundle()}
        loading={outcome.kind === 'working'}
        loaderProps={{ 'aria-label': 'Exporting' }}
      >
        Export FHIR bundle
      </Button>
      <div aria-live="polite">
        {outcome.kind === 'done' && (
          <Text size="sm" c="dimmed">
            {`Downloaded ${outcome.fileName}: ${outcome.records} record${outcome.records === 1 ? '' : 's'} on chain`}
            {outcome.left > 0 ? ` (${outcome.left} not on chain yet or refused, left out)` : ''}
          </Text>
        )}
        {outcome.kind === 'failed' && (
          <Alert color="red" variant="light" p="xs" title="Export failed">
            {outcome.message}
          </Alert>
        )}
      </div>
    </Stack>
  )
}
