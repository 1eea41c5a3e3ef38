import { Checkbox, Fieldset, Group, MultiSelect, NumberInput, Switch, Text } from '@mantine/core'
import { Controller, useFormContext } from 'react-hook-form'
import type { Draft } from './definition-draft'

type Attribute = Draft['attributes'][number]

/**
 * One attribute's settings a new version usually changes: required in the
 * form, and the rule the ledger applies (a range's bounds, a code list's
 * allowed answers, whether it may be left empty). Adding attributes or
 * rules is the JSON editor's.
 */
export function AttributeRuleFields({ index, attribute }: { index: number; attribute: Attribute }) {
  const { control, formState } = useFormContext<Draft>()
  const rule = attribute.onChain
  const errors = formState.errors.attributes?.[index]
  const ruleError = errors?.onChain?.message ?? errors?.onChain?.root?.message
  const unit = attribute.unit ? ` (${attribute.unit})` : ''
  const base = `attributes.${index}` as const
  return (
    <Fieldset legend={`${attribute.label} (${attribute.key})`} variant="filled">
      <Group align="flex-end" gap="lg">
        <Controller
          control={control}
          name={`${base}.required`}
          render={({ field }) => (
            <Switch
              label="Required in the form"
              checked={field.value ?? false}
              onChange={(event) => field.onChange(event.currentTarget.checked)}
              onBlur={field.onBlur}
              ref={field.ref}
            />
          )}
        />
        {rule === undefined && (
          <Text size="sm" c="dimmed">
            Not checked on the ledger
          </Text>
        )}
        {rule?.kind === 'required' && <Text size="sm">The ledger requires it</Text>}
        {rule?.kind === 'range' && (
          <>
            {(['min', 'max'] as const).map((bound) => (
              <Controller
                key={bound}
                control={control}
                name={`${base}.onChain.${bound}` as `attributes.${number}.onChain.min`}
                render={({ field, fieldState }) => (
                  <NumberInput
                    label={`${bound === 'min' ? 'Lowest' : 'Highest'} the ledger accepts${unit}`}
                    w={220}
                    decimalScale={attribute.decimals ?? 0}
                    value={field.value}
                    onChange={(value) => field.onChange(value === '' ? undefined : value)}
                    onBlur={field.onBlur}
                    error={fieldState.error?.message}
                  />
                )}
              />
            ))}
          </>
        )}
        {rule?.kind === 'codes' && (
          <Controller
            control={control}
            name={`${base}.onChain.allowed`}
            render={({ field, fieldState }) => (
              <MultiSelect
                label="Answers the ledger accepts"
                miw={300}
                data={(attribute.answers ?? []).map((answer) => ({
                  value: answer.code,
                  label: answer.display
                }))}
                value={field.value ?? []}
                onChange={field.onChange}
                onBlur={field.onBlur}
                error={fieldState.error?.message}
              />
            )}
          />
        )}
        {rule !== undefined && rule.kind !== 'required' && (
          <Controller
            control={control}
            name={`${base}.onChain.optional`}
            render={({ field }) => (
              <Checkbox
                label="May be left empty"
                checked={Boolean(field.value)}
                onChange={(event) => field.onChange(event.currentTarget.checked)}
                onBlur={field.onBlur}
              />
            )}
          />
        )}
      </Group>
      {ruleError && (
        <Text size="sm" c="red.8" mt="xs" role="alert">
          {ruleError}
        </Text>
      )}
    </Fieldset>
  )
}
