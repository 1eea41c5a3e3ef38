import type { TemplateAttribute } from '../../../../../shared/templates'

/** What kind of value an attribute takes, in words. */
export function typeText(attribute: TemplateAttribute): string {
  switch (attribute.type) {
    case 'quantity':
      return attribute.decimals > 0
        ? `number with ${attribute.decimals} decimal${attribute.decimals > 1 ? 's' : ''}`
        : 'number'
    case 'integer':
      return 'whole number'
    case 'coded':
      return `one of: ${(attribute.answers ?? []).map((answer) => answer.display).join(', ')}`
    case 'text':
      return 'text'
    case 'date':
      return 'date'
    case 'boolean':
      return 'yes or no'
  }
}

/**
 * The rule the ledger contract applies to an attribute, in words, as a
 * clinician would read it: `between 20 and 250 /min`, `required`, `one of …`;
 * `not checked on chain` for an attribute the contract never sees.
 */
export function ruleText(attribute: TemplateAttribute): string {
  const rule = attribute.onChain
  if (!rule) return 'not checked on chain'
  const unit = attribute.unit ? ` ${attribute.unit}` : ''
  const optional = 'optional' in rule && rule.optional ? ', or left empty' : ''
  switch (rule.kind) {
    case 'required':
      return 'must be given'
    case 'range':
      return `must be between ${rule.min} and ${rule.max}${unit}${optional}`
    case 'codes': {
      const words = rule.allowed.map(
        (code) => attribute.answers?.find((answer) => answer.code === code)?.display ?? code
      )
      return `must be one of: ${words.join(', ')}${optional}`
    }
  }
}

/**
 * How the screens read an attribute's values, beyond the ledger's rule: the
 * usual range shaded on its chart, and the critical limits that flag a
 * value (`critical when test is Glucose…, unit mg/dL: at or below 40, at or
 * above 450`). Empty when the template names neither.
 */
export function readingText(
  attribute: TemplateAttribute,
  attributes: readonly TemplateAttribute[]
): string[] {
  const unit = attribute.unit ? ` ${attribute.unit}` : ''
  const lines: string[] = []
  if (attribute.usualRange) {
    const { low, high, source } = attribute.usualRange
    lines.push(`usual ${low} to ${high}${unit} (${source})`)
  }
  for (const limit of attribute.criticalLimits ?? []) {
    const conditions = Object.entries(limit.when ?? {}).map(([key, value]) => {
      const other = attributes.find((a) => a.key === key)
      const answer = other?.answers?.find((a) => a.code === value)?.display
      // `Unit (UCUM)` reads as `unit`.
      const name = other ? other.label.replace(/\s*\(.*\)$/, '').toLowerCase() : key
      return `${name} is ${answer ?? value}`
    })
    const bounds = [
      limit.low !== undefined ? `at or below ${limit.low}${unit}` : null,
      limit.high !== undefined ? `at or above ${limit.high}${unit}` : null
    ].filter((b): b is string => b !== null)
    lines.push(
      `critical${conditions.length > 0 ? ` when ${conditions.join(' and ')}` : ''}: ${bounds.join(', ')}`
    )
  }
  return lines
}
