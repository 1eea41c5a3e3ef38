import {
  Alert,
  Button,
  Card,
  Checkbox,
  Group,
  JsonInput,
  List,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { Controller, FormProvider, useForm, useWatch } from 'react-hook-form'
import type { TemplateDetail, TemplateSummary } from '../../../../../shared/ipc/schemas'
import { CLINICAL_ROLES } from '../../../../../shared/roles'
import type { TemplateDefinition } from '../../../../../shared/templates'
import { messageOf } from '../../../state/errors'
import { useStore } from '../../../state/store'
import { AttributeRuleFields } from './AttributeRuleFields'
import { draftResolver, jsonProblems, nextVersionOf, type Draft } from './definition-draft'

const ROLE_WORDS = { doctor: 'Doctors', nurse: 'Nurses', pathologist: 'Pathologists' } as const

/**
 * A new version of a template, started from the latest one: a form for what
 * a new version usually changes (title, roles, each attribute's required
 * flag and ledger rule), or the whole definition as JSON for the rest. Both
 * are checked with the schema the core checks `templates:publish` with;
 * publishing shows progress until the ledger has it.
 */
export function TemplateEditor({
  latest,
  onPublished,
  onCancel
}: {
  latest: TemplateDetail
  onPublished: (published: TemplateSummary) => void
  onCancel: () => void
}) {
  const publishTemplate = useStore((s) => s.publishTemplate)
  const form = useForm<Draft, unknown, TemplateDefinition>({
    resolver: draftResolver,
    defaultValues: nextVersionOf(latest.definition, latest.versions),
    mode: 'onTouched'
  })
  const [mode, setMode] = useState<'form' | 'json'>('form')
  const [json, setJson] = useState('')
  const [problems, setProblems] = useState<string[]>([])
  const [failure, setFailure] = useState<string | null>(null)
  const [publishing, setPublishing] = useState(false)
  const attributes = useWatch({ control: form.control, name: 'attributes' })
  const version = useWatch({ control: form.control, name: 'version' })

  const switchTo = (next: string) => {
    setProblems([])
    if (next === 'json') {
      setJson(JSON.stringify(form.getValues(), null, 2))
      setMode('json')
      return
    }
    const checked = jsonProblems(json)
    if (!checked.definition) {
      setProblems(checked.problems)
      return
    }
    form.reset(checked.definition)
    setMode('form')
  }

  const publish = async (definition: TemplateDefinition) => {
    setFailure(null)
    setPublishing(true)
    try {
      onPublished(await publishTemplate(definition))
    } catch (error) {
      setFailure(messageOf(error))
    } finally {
      setPublishing(false)
    }
  }

  const onSubmit = (event: FormEvent) => {
    if (mode === 'form') return void form.handleSubmit(publish)(event)
    event.preventDefault()
    const checked = jsonProblems(json)
    setProblems(checked.problems)
    if (checked.definition) void publish(checked.definition)
  }

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="editor-heading">
      <FormProvider {...form}>
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <Title order={2} size="h3" id="editor-heading">
              New version of {latest.title}
            </Title>
            <Text size="sm">
              Started from version {latest.version}. Records keep the version they were made with;
              new records use the new version once it is on the ledger.
            </Text>
            <SegmentedControl
              aria-label="How to edit"
              value={mode}
              onChange={switchTo}
              data={[
                { value: 'form', label: 'Form' },
                { value: 'json', label: 'JSON' }
              ]}
              disabled={publishing}
              w={220}
            />
            {mode === 'form' ? (
              <>
                <Group align="flex-start">
                  <TextInput
                    label="Title"
                    required
                    w={320}
                    error={form.formState.errors.title?.message}
                    {...form.register('title')}
                  />
                  <TextInput label="Version" value={String(version)} readOnly w={100} />
                </Group>
                <Controller
                  control={form.control}
                  name="roles"
                  render={({ field, fieldState }) => (
                    <Checkbox.Group
                      label="Who may use it (the ledger enforces it)"
                      value={field.value}
                      onChange={field.onChange}
                      error={
                        fieldState.error?.message ?? form.formState.errors.roles?.root?.message
                      }
                    >
                      <Group mt="xs">
                        {CLINICAL_ROLES.map((role) => (
                          <Checkbox key={role} value={role} label={ROLE_WORDS[role]} />
                        ))}
                      </Group>
                    </Checkbox.Group>
                  )}
                />
                {attributes.map((attribute, index) => (
                  <AttributeRuleFields key={attribute.key} index={index} attribute={attribute} />
                ))}
              </>
            ) : (
              <JsonInput
                label="The definition"
                description="Checked with the schema the core checks it with before it is published"
                value={json}
                onChange={setJson}
                autosize
                minRows={16}
                maxRows={40}
                formatOnBlur
                validationError="Not valid JSON"
              />
            )}
            {problems.length > 0 && (
              <Alert color="red" title="The definition is not valid" role="alert">
                <List size="sm">
                  {problems.map((problem) => (
                    <List.Item key={problem}>{problem}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {failure && (
              <Alert color="red" title="Not published" role="alert">
                {failure}
              </Alert>
            )}
            {publishing && (
              <Text size="sm" role="status">
                Publishing on the ledger…
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={onCancel} disabled={publishing}>
                Cancel
              </Button>
              <Button type="submit" loading={publishing}>
                Publish version {version}
              </Button>
            </Group>
          </Stack>
        </form>
      </FormProvider>
    </Card>
  )
}
