import { zodResolver } from '@hookform/resolvers/zod'
import { Button, Fieldset, Group, SimpleGrid, Stack } from '@mantine/core'
import { useEffect, useMemo, type ReactNode } from 'react'
import { useForm, type Resolver } from 'react-hook-form'
import type { TemplateDefinition } from '../../../../shared/templates'
import { AttributeField } from './AttributeField'
import { entrySchema, type EntryAttributes, type EntryValues } from './entry-schema'

/** A message for one attribute's field: the ledger's refusal, or the core's check before signing. */
export interface FieldFault {
  readonly attribute: string
  readonly message: string
}

/**
 * A record's form generated from one template version: a field per
 * attribute in the template's order (numbers two to a row, text full width),
 * validated live with the ledger's own rule check. Enter submits; a refused
 * submit puts the focus on the first field at fault.
 */
export function EntryForm({
  definition,
  defaultValues,
  disabled,
  fault,
  submitLabel,
  onValuesChange,
  onSubmit,
  children
}: {
  definition: TemplateDefinition
  defaultValues: EntryValues
  /** While a record is on its way: the values stay visible, read-only. */
  disabled: boolean
  /**
   * The last submit failed because of one attribute: its message shows on
   * that field, with the focus there. A new object each time it should be shown.
   */
  fault: FieldFault | null
  submitLabel: string
  onValuesChange: (values: EntryValues) => void
  onSubmit: (attributes: EntryAttributes, values: EntryValues) => Promise<void> | void
  /** Shown between the fields and the buttons (progress, failures). */
  children?: ReactNode
}) {
  const resolver = useMemo(
    () =>
      zodResolver(entrySchema(definition)) as unknown as Resolver<
        EntryValues,
        unknown,
        EntryAttributes
      >,
    [definition]
  )
  const form = useForm<EntryValues, unknown, EntryAttributes>({
    resolver,
    defaultValues,
    mode: 'onTouched',
    reValidateMode: 'onChange'
  })

  useEffect(() => {
    return form.subscribe({
      formState: { values: true },
      callback: ({ values }) => onValuesChange({ ...values })
    })
  }, [form, onValuesChange])

  useEffect(() => {
    // On the field at fault, with the focus there to correct it.
    if (fault && definition.attributes.some((a) => a.key === fault.attribute)) {
      // Touched, so that correcting it is checked as it is typed.
      form.setValue(fault.attribute, form.getValues(fault.attribute), { shouldTouch: true })
      form.setError(fault.attribute, { message: fault.message }, { shouldFocus: true })
    }
  }, [fault, definition, form])

  const short = definition.attributes.filter((a) => a.type !== 'text')
  const long = definition.attributes.filter((a) => a.type === 'text')
  const first = definition.attributes[0]?.key

  return (
    <form
      onSubmit={(event) =>
        void form.handleSubmit((attributes) => onSubmit(attributes, form.getValues()))(event)
      }
      noValidate
      aria-label={definition.title}
    >
      <Stack>
        <Fieldset disabled={disabled} variant="unstyled" aria-label={`${definition.title} values`}>
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {short.map((a) => (
                <AttributeField
                  key={a.key}
                  attribute={a}
                  control={form.control}
                  autoFocus={a.key === first}
                />
              ))}
            </SimpleGrid>
            {long.map((a) => (
              <AttributeField key={a.key} attribute={a} control={form.control} />
            ))}
          </Stack>
        </Fieldset>
        {children}
        {!disabled && (
          <Group justify="flex-end">
            <Button type="submit" loading={form.formState.isSubmitting}>
              {submitLabel}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  )
}
