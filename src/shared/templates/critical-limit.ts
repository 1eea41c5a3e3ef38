import type { CriticalLimit, TemplateAttribute } from './template-schema'

/**
 * The first of `attribute`'s critical limits whose `when` matches the
 * record's other values (each compared as text, without regard to case:
 * `mg/dl` is `mg/dL`); null when none does.
 */
export function criticalLimitFor(
  attribute: Pick<TemplateAttribute, 'criticalLimits'> | undefined,
  values: Readonly<Record<string, unknown>>
): CriticalLimit | null {
  const text = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : null
  return (
    attribute?.criticalLimits?.find((limit) =>
      Object.entries(limit.when ?? {}).every(
        ([key, wanted]) => text(values[key]) === wanted.toLowerCase()
      )
    ) ?? null
  )
}
