import { Checkbox, NumberInput, Select, Text, Textarea } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { Controller, type Control } from 'react-hook-form'
import type { TemplateAttribute } from '../../../../shared/templates'
import type { EntryValues } from './entry-schema'
import { unitText } from '../../components/units'

/**
 * What the ledger accepts for this attribute, under its label: the range the
 * contract checks (a person sees the rule before breaking it), or the unit.
 */
function hint(attribute: TemplateAttribute): string | undefined {
  const unit = unitText(attribute.unit)
  const rule = attribute.onChain
  if (rule?.kind === 'range') {
    return `${rule.min} to ${rule.max}${unit ? ` ${unit}` : ''}${rule.optional ? '; optional' : ''}`
  }
  if (unit) return `In ${unit}`
  return undefined
}

/** One template attribute as a form field of its type, with its unit beside the input. */
export function AttributeField({
  attribute,
  control,
  autoFocus
}: {
  attribute: TemplateAttribute
  control: Control<EntryValues>
  autoFocus?: boolean
}) {
  const required = attribute.required || attribute.onChain?.kind === 'required'
  const unit = unitText(attribute.unit)
  return (
    <Controller
      control={control}
      name={attribute.key}
      render={({ field, fieldState }) => {
        const common = {
          label: attribute.label,
          required,
          autoFocus,
          error: fieldState.error?.message,
          onBlur: field.onBlur,
          name: field.name,
          'data-attribute': attribute.key
        }
        switch (attribute.type) {
          case 'quantity':
          case 'integer':
            return (
              <NumberInput
                {...common}
                ref={field.ref}
                description={hint(attribute)}
                value={field.value as number | string}
                onChange={field.onChange}
                allowDecimal={attribute.type === 'quantity' && attribute.decimals > 0}
                hideControls
                autoComplete="off"
                rightSection={
                  unit ? (
                    <Text size="sm" c="dimmed" aria-hidden>
                      {unit}
                    </Text>
                  ) : undefined
                }
                rightSectionWidth={unit ? Math.max(36, unit.length * 9 + 16) : undefined}
                rightSectionPointerEvents="none"
              />
            )
          case 'coded':
            return (
              <Select
                {...common}
                ref={field.ref}
                data={(attribute.answers ?? []).map((c) => ({ value: c.code, label: c.display }))}
                value={(field.value as string) || null}
                onChange={(value) => field.onChange(value ?? '')}
                clearable={!required}
                allowDeselect={!required}
                placeholder="Choose"
              />
            )
          case 'date':
            return (
              <DateInput
                {...common}
                ref={field.ref}
                description="YYYY-MM-DD"
                valueFormat="YYYY-MM-DD"
                value={(field.value as string) || null}
                onChange={(value) => field.onChange(value ?? '')}
              />
            )
          case 'boolean':
            return (
              <Checkbox
                {...common}
                ref={field.ref}
                checked={field.value === true}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
              />
            )
          case 'text':
            return (
              <Textarea
                {...common}
                ref={field.ref}
                autosize
                minRows={1}
                maxRows={10}
                autoComplete="off"
                value={field.value as string}
                onChange={(event) => field.onChange(event.currentTarget.value)}
              />
            )
        }
      }}
    />
  )
}
