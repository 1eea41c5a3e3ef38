import { startTransition, useEffect, useState } from 'react'
import { Alert, Box, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core'
import type { TemplateSummary, TimelineItem } from '../../../../shared/ipc/schemas'
import type { TemplateDefinition } from '../../../../shared/templates'
import { attributeTexts } from '../../components/attribute-text'
import { formatDateTime } from '../../components/format'
import { RecordStateBadge, VerificationBadge } from '../../components/RecordStatus'
import type { Timeline as TimelineData } from '../../state/records-slice'
import { useStore } from '../../state/store'
import { LabFlagBadge } from './lab/LabResultsTable'
import { flagSentence, LAB_TEMPLATE, labFlag, labValues } from './lab/lab-flags'
import { useAuthorableTemplates } from './NewRecordMenu'
import { mayCorrect } from './record-actions'

/** `slug@version`: how the templates slice keys the exact version a record was signed under. */
const refOf = (item: TimelineItem) => `${item.template.slug}@${item.template.version}`

/** A lab result's flag in words and colour, for the timeline. */
function LabFlagLine({
  item,
  definition
}: {
  item: TimelineItem
  definition: TemplateDefinition | undefined
}) {
  const values = labValues(item.attributes)
  const flag = labFlag(values, definition, item.attributes)
  return (
    <Group gap="xs" mt="xs" data-testid="lab-flag">
      <LabFlagBadge flag={flag} />
      <Text size="sm" fw={flag.flagged ? 700 : undefined}>
        {flagSentence(values, flag)}
      </Text>
    </Group>
  )
}

/** One record: template, author, time, status, and what it says. */
export function TimelineEntry({
  item,
  authorable = []
}: {
  item: TimelineItem
  /** The templates this user may author: a record of one of them may be corrected. */
  authorable?: readonly TemplateSummary[]
}) {
  const definition = useStore((s) => s.templates[refOf(item)]?.definition)
  const navigate = useStore((s) => s.navigate)
  const attributes = attributeTexts(definition, item.attributes)
  return (
    <Card withBorder padding="sm" component="li" data-testid="timeline-item" data-tid={item.tid}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text fw={700}>
            {item.template.title}{' '}
            <Text span c="dimmed" size="sm">
              v{item.template.version}
            </Text>
          </Text>
          <Text size="sm" c="dimmed">
            {formatDateTime(item.signedAt)} by {item.author.displayName ?? item.author.username}
            {item.workstation ? ' (from another workstation)' : ''}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          {mayCorrect(item, authorable) && (
            <Button
              size="compact-sm"
              variant="default"
              aria-label={`Correct this ${item.template.title.toLowerCase()} record`}
              onClick={() =>
                navigate({
                  name: 'new-record',
                  patientId: item.patientId,
                  template: item.template.slug,
                  supersedes: item.tid
                })
              }
            >
              Correct
            </Button>
          )}
          <RecordStateBadge state={item.state} />
          <VerificationBadge badge={item.badge} tid={item.tid} />
        </Group>
      </Group>
      {item.rejection && (
        <Alert color="red" mt="xs" p="xs" title="Refused by the ledger" data-testid="rejection">
          {item.rejection.explanation}
        </Alert>
      )}
      {item.template.slug === LAB_TEMPLATE && item.state !== 'rejected' && (
        <LabFlagLine item={item} definition={definition} />
      )}
      {attributes.length > 0 && (
        <Box component="dl" mt="xs" m={0} style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
          {attributes.map(({ key, label, text }) => (
            <Group key={key} gap={4} wrap="nowrap">
              <Text fw={600} size="sm" component="dt">
                {label}:
              </Text>
              <Text size="sm" component="dd" m={0}>
                {text}
              </Text>
            </Group>
          ))}
        </Box>
      )}
      {(item.supersedes || item.supersededBy) && (
        <Text size="xs" c="dimmed" mt="xs">
          {item.supersedes ? `Corrects record ${item.supersedes.slice(0, 10)}…` : ''}
          {item.supersededBy ? ` Corrected by record ${item.supersededBy.slice(0, 10)}…` : ''}
        </Text>
      )}
    </Card>
  )
}

/**
 * The patient's records, newest first, as a plain list with their status.
 * The charts, the lab table and the entry forms come in beside it later.
 */
/** Records drawn at once when a timeline opens; the rest follow in the next frame. */
const FIRST_PAINT = 20

export function Timeline({
  timeline,
  onLoadOlder
}: {
  timeline: TimelineData
  onLoadOlder: () => void
}) {
  const loadTemplate = useStore((s) => s.loadTemplate)
  const authorable = useAuthorableTemplates()
  const refs = [...new Set(timeline.items.map(refOf))].join(' ')
  useEffect(() => {
    // Each template version once, for its labels, units and answers.
    for (const ref of refs.split(' ').filter(Boolean)) void loadTemplate(ref)
  }, [refs, loadTemplate])

  // A screenful first, the rest of the page right after it is painted: a
  // hundred cards take a few hundred milliseconds to render, and the newest
  // records are the ones a person reads first.
  const [shown, setShown] = useState(FIRST_PAINT)
  const total = timeline.items.length
  useEffect(() => {
    if (shown >= total) return
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => startTransition(() => setShown(total)), 0)
    })
    return () => {
      cancelAnimationFrame(frame)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [shown, total])

  return (
    <Stack component="section" aria-labelledby="timeline-heading" gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h3" id="timeline-heading">
          Records
        </Title>
        {timeline.loading && <Loader size="sm" aria-label="Loading records" />}
      </Group>
      {timeline.error && (
        <Alert color="red" title="Records could not be loaded" role="alert">
          {timeline.error}
        </Alert>
      )}
      {timeline.items.length === 0 && !timeline.loading && !timeline.error && (
        <Text c="dimmed">No records yet.</Text>
      )}
      <Stack
        component="ol"
        gap="xs"
        p={0}
        m={0}
        style={{ listStyle: 'none' }}
        aria-label="Records, newest first"
      >
        {timeline.items.slice(0, shown).map((item) => (
          <TimelineEntry key={item.tid} item={item} authorable={authorable} />
        ))}
      </Stack>
      {timeline.nextCursor && (
        <Button variant="default" onClick={onLoadOlder} loading={timeline.loading} w="fit-content">
          Show older records
        </Button>
      )}
    </Stack>
  )
}
