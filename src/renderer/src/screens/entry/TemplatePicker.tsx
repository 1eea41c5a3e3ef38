import { Alert, Button, Loader, SimpleGrid, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import type { TemplateSummary } from '../../../../shared/ipc/schemas'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { authorableTemplates } from '../patient/record-actions'

/** No template chosen yet: the ones this user may author, each opening its form. */
export function TemplatePicker({ patientId }: { patientId: string }) {
  const role = useStore((s) => s.session?.user?.role)
  const locked = useStore((s) => s.session?.locked ?? false)
  const listTemplates = useStore((s) => s.listTemplates)
  const navigate = useStore((s) => s.navigate)
  const [list, setList] = useState<TemplateSummary[] | null>(null)
  const [failure, setFailure] = useState<string | null>(null)

  useEffect(() => {
    // Opened under the lock, the core answers LOCKED: ask once unlocked.
    if (locked || list) return
    listTemplates().then(
      (templates) => {
        setList(templates)
        setFailure(null)
      },
      (error: unknown) => setFailure(messageOf(error))
    )
  }, [locked, list, listTemplates])

  if (failure) {
    return (
      <Alert color="red" title="The templates could not be read" role="alert">
        {failure}
      </Alert>
    )
  }
  if (!list || !role) return <Loader aria-label="Reading the templates" />
  // Those whose roles name this one (what the ledger enforces), registration aside.
  const mine = authorableTemplates(list, role)
  if (mine.length === 0) {
    return (
      <Alert color="gray" title="No template for your role">
        No template lets a {role} record for a patient.
      </Alert>
    )
  }
  return (
    <Stack gap="xs" data-testid="template-picker">
      <Text>Choose what to record:</Text>
      <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
        {mine.map((template) => (
          <Button
            key={template.slug}
            variant="default"
            size="md"
            onClick={() => navigate({ name: 'new-record', patientId, template: template.slug })}
          >
            {template.title}
          </Button>
        ))}
      </SimpleGrid>
    </Stack>
  )
}
