import { Alert, Badge, Button, Group, Stack, Switch, Text, Title } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useEffect, useMemo, useState } from 'react'
import type { TemplateSummary } from '../../../../../shared/ipc/schemas'
import { formatDateTime } from '../../../components/format'
import { SortableTable, type sortableFeatures } from '../../../components/SortableTable'
import { useStore } from '../../../state/store'
import { TemplateEditor } from './TemplateEditor'
import { TemplateView } from './TemplateView'

const helper = createColumnHelper<typeof sortableFeatures, TemplateSummary>()

function columnsWith(open: (ref: string) => void) {
  return helper.columns([
    helper.accessor('title', { header: 'Template', sortFn: 'text' }),
    helper.accessor('slug', { header: 'Name', sortFn: 'alphanumeric' }),
    helper.accessor('version', {
      header: 'Version',
      sortFn: 'basic',
      cell: (info) => (
        <Group gap="xs">
          {info.getValue()}
          {info.row.original.latest && (
            <Badge color="green" variant="light" size="sm">
              Latest
            </Badge>
          )}
        </Group>
      )
    }),
    helper.accessor((t) => t.roles.join(', '), {
      id: 'roles',
      header: 'Who may use it',
      sortFn: 'text'
    }),
    helper.accessor('publishedAt', {
      header: 'Published',
      sortFn: 'basic',
      cell: (info) => `${formatDateTime(info.getValue())} by ${info.row.original.publishedBy}`
    }),
    helper.display({
      id: 'open',
      header: 'Open',
      cell: (info) => {
        const { slug, version } = info.row.original
        return (
          <Button
            size="compact-sm"
            variant="light"
            aria-label={`View ${slug} version ${version}`}
            onClick={() => open(`${slug}@${version}`)}
          >
            View
          </Button>
        )
      }
    })
  ])
}

/**
 * Templates: every published version, one version in words, and a new
 * version made from the latest and published on the ledger.
 */
export function TemplatesScreen() {
  const versions = useStore((s) => s.templateVersions)
  const shown = useStore((s) => s.templateShown)
  const load = useStore((s) => s.loadTemplateVersions)
  const showTemplate = useStore((s) => s.showTemplate)
  const closeTemplate = useStore((s) => s.closeTemplate)
  const [everyVersion, setEveryVersion] = useState(false)
  const [editing, setEditing] = useState(false)
  const [published, setPublished] = useState<TemplateSummary | null>(null)
  const columns = useMemo(() => columnsWith((ref) => void showTemplate(ref)), [showTemplate])

  useEffect(() => {
    void load()
  }, [load])

  const rows = (versions.value ?? []).filter((t) => everyVersion || t.latest)
  const detail = shown.value
  const back = () => {
    setEditing(false)
    closeTemplate()
  }
  const newVersion = async () => {
    if (!detail) return
    // A new version always starts from the latest definition.
    if (!detail.latest) await showTemplate(detail.slug)
    setPublished(null)
    setEditing(true)
  }

  return (
    <Stack maw={1200} data-testid="admin-templates">
      <Title order={1}>Templates</Title>
      <Text>
        A template names a record&apos;s attributes, their units, who may use it and the rules the
        ledger applies. Records keep the version they were made with.
      </Text>
      {versions.error && (
        <Alert color="red" title="Templates could not be loaded" role="alert">
          {versions.error}
        </Alert>
      )}
      <div role="status" aria-live="polite">
        {published && (
          <Alert
            color="teal"
            title={`Published ${published.title}, version ${published.version}`}
            withCloseButton
            closeButtonLabel="Dismiss"
            onClose={() => setPublished(null)}
            data-testid="template-published"
          >
            On the ledger with hash {published.hash}, by {published.publishedBy} at{' '}
            {formatDateTime(published.publishedAt)}. New records use it from now on.
          </Alert>
        )}
      </div>
      {shown.error && (
        <Alert color="red" title="The template could not be opened" role="alert">
          {shown.error}
        </Alert>
      )}
      {detail || editing ? (
        <>
          <Group>
            <Button variant="subtle" onClick={back}>
              ← All templates
            </Button>
          </Group>
          {editing && detail ? (
            <TemplateEditor
              key={`${detail.slug}@${detail.version}`}
              latest={detail}
              onCancel={() => setEditing(false)}
              onPublished={(summary) => {
                setPublished(summary)
                back()
              }}
            />
          ) : (
            detail && (
              <TemplateView
                detail={detail}
                onVersion={(v) => void showTemplate(`${detail.slug}@${v}`)}
                onNewVersion={() => void newVersion()}
              />
            )
          )}
        </>
      ) : (
        <>
          <Switch
            label="Show every version"
            checked={everyVersion}
            onChange={(event) => setEveryVersion(event.currentTarget.checked)}
          />
          <SortableTable
            label="Templates"
            data={rows}
            columns={columns}
            rowKey={(t) => `${t.slug}@${t.version}`}
            empty={versions.value === null ? 'Loading…' : 'No templates published.'}
            initialSort={[{ id: 'slug', desc: false }]}
          />
        </>
      )}
    </Stack>
  )
}
