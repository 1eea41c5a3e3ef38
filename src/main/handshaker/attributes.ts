import { fieldError, makeError } from '../../shared/errors'
import type { TemplateAttribute, TemplateDefinition } from '../../shared/templates'

/** One attribute's value in a record (T_I). */
export type AttributeValue = number | string | boolean

/** A record's attributes, by template key; absent ones are left out. */
export type Attributes = Readonly<Record<string, AttributeValue>>

/** `heart_rate` and `heart-rate` name the template key `heartRate`. */
export function attributeKey(name: string): string {
  return name.replace(/[-_]+([a-z0-9])/g, (_m, c: string) => c.toUpperCase())
}

const DATE = /^\d{4}-\d{2}-\d{2}$/
const MAX_TEXT = 10_000

/** The request's path to an attribute: `records:submit` sends them under `attributes`. */
const fieldOf = (key: string) => `attributes.${key}`

function bad(attribute: TemplateAttribute, why: string): never {
  throw fieldError(`${attribute.label} (${attribute.key}) ${why}`, fieldOf(attribute.key), {
    attribute: attribute.key
  })
}

function decimalsOf(value: number): number {
  const text = String(value)
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1])
  return text.includes('.') ? (text.split('.')[1]?.length ?? 0) : 0
}

/** Checks one value against its attribute's type; answers the value to store. */
function checkValue(attribute: TemplateAttribute, value: unknown): AttributeValue {
  switch (attribute.type) {
    case 'quantity':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) bad(attribute, 'must be a number')
      const decimals = attribute.type === 'integer' ? 0 : attribute.decimals
      if (decimalsOf(value) > decimals) {
        bad(
          attribute,
          decimals === 0
            ? 'must be a whole number'
            : `takes at most ${decimals} decimal place${decimals > 1 ? 's' : ''}`
        )
      }
      return value
    }
    case 'coded': {
      const codes = (attribute.answers ?? []).map((a) => a.code)
      if (typeof value !== 'string' || !codes.includes(value)) {
        bad(attribute, `must be one of ${codes.join(', ')}`)
      }
      return value
    }
    case 'text':
      if (typeof value !== 'string') bad(attribute, 'must be text')
      if (value.length > MAX_TEXT) bad(attribute, `is longer than ${MAX_TEXT} characters`)
      return value
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
        bad(attribute, 'must be a date (YYYY-MM-DD)')
      }
      return value
    case 'boolean':
      if (typeof value !== 'boolean') bad(attribute, 'must be true or false')
      return value
  }
}

/**
 * Checks a record's attributes against its template: every key known, every
 * value of its type, every required attribute present. Rules the contract
 * validates are not judged here: a value the ledger will refuse still makes
 * a record, and the refusal is its ACK.
 */
export function checkAttributes(
  template: TemplateDefinition,
  values: Readonly<Record<string, unknown>>
): Attributes {
  const byKey = new Map(template.attributes.map((a) => [a.key, a]))
  const out: Record<string, AttributeValue> = {}
  for (const [key, value] of Object.entries(values)) {
    const attribute = byKey.get(key)
    if (!attribute) {
      throw fieldError(`${template.title} has no attribute ${key}`, fieldOf(key), { key })
    }
    if (value === undefined || value === null || value === '') continue
    out[key] = checkValue(attribute, value)
  }
  for (const attribute of template.attributes) {
    if (attribute.required && !(attribute.key in out)) bad(attribute, 'is required')
  }
  return out
}

/**
 * Parses `key=value` text (the CLI's `--set`) into typed values by the
 * template: numbers for quantities, `true`/`false` for booleans, text as is.
 */
export function parseAttributeText(
  template: TemplateDefinition,
  pairs: readonly string[]
): Record<string, unknown> {
  const byKey = new Map(template.attributes.map((a) => [a.key, a]))
  const out: Record<string, unknown> = {}
  for (const pair of pairs) {
    const eq = pair.indexOf('=')
    if (eq <= 0) {
      throw makeError(`expected name=value, got "${pair.slice(0, 40)}"`, 'INVALID_ARGUMENT')
    }
    const key = attributeKey(pair.slice(0, eq).trim())
    const text = pair.slice(eq + 1)
    const attribute = byKey.get(key)
    if (!attribute) {
      throw makeError(`${template.title} has no attribute ${key}`, 'INVALID_ARGUMENT', { key })
    }
    if (attribute.type === 'quantity' || attribute.type === 'integer') {
      const number = text.trim() === '' ? Number.NaN : Number(text)
      if (!Number.isFinite(number)) bad(attribute, 'must be a number')
      out[key] = number
    } else if (attribute.type === 'boolean') {
      if (text !== 'true' && text !== 'false') bad(attribute, 'must be true or false')
      out[key] = text === 'true'
    } else {
      out[key] = text
    }
  }
  return out
}
