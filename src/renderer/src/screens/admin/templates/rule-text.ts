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
