import { z } from 'zod'
import { unitText } from '../../components/units'
import type { TimelineItem } from '../../../../shared/ipc/schemas'
import { RULE_FAILED, checkRules } from '../../../../shared/rules'
import {
  chainTemplate,
  chainValues,
  validatedAttributes,
  type TemplateAttribute,
  type TemplateDefinition
} from '../../../../shared/templates'

/**
 * What a generated form holds, by attribute key: a number (or `''` while
 * empty, or the text of a number being typed), a code (`''` for none), text,
 * a date as YYYY-MM-DD (`''` for none), or a yes/no.
 */
export type EntryValues = Record<string, string | number | boolean>

/** A record's attributes as `records:add` takes them: empty ones left out. */
export type EntryAttributes = Record<string, string | number | boolean>

/** The longest text the core keeps in one attribute. */
export const MAX_TEXT = 10_000

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** An empty form for `definition`: every field blank, yes/no unticked. */
export function emptyValues(definition: TemplateDefinition): EntryValues {
  return Object.fromEntries(
    definition.attributes.map((a) => [a.key, a.type === 'boolean' ? false : ''])
  )
}

/**
 * The form pre-filled from a record (a correction): the attributes this
 * version of the template still has, the rest blank.
 */
export function valuesFromRecord(
  definition: TemplateDefinition,
  attributes: TimelineItem['attributes']
): EntryValues {
  const values = emptyValues(definition)
  for (const attribute of definition.attributes) {
    const value = attributes[attribute.key]
    if (value !== undefined) values[attribute.key] = value
  }
  return values
}

/** The number a numeric field holds, `null` when blank, NaN when it is not a number. */
function numberOf(value: EntryValues[string] | undefined): number | null {
  if (value === undefined || value === '' || typeof value === 'boolean') return null
  if (typeof value === 'number') return value
  return value.trim() === '' ? null : Number(value)
}

/** Decimal places of a number as the core counts them (`checkAttributes`). */
function decimalsOf(value: number): number {
  const text = String(value)
  if (/e-/i.test(text)) return Number(text.split(/e-/i)[1])
  return text.includes('.') ? (text.split('.')[1]?.length ?? 0) : 0
}

/** The form's values as the record's attributes: numbers as numbers, blanks left out. */
export function toAttributes(
  definition: TemplateDefinition,
  values: Readonly<EntryValues>
): EntryAttributes {
  const out: EntryAttributes = {}
  for (const attribute of definition.attributes) {
    const value = values[attribute.key]
    if (attribute.type === 'quantity' || attribute.type === 'integer') {
      const number = numberOf(value)
      if (number !== null) out[attribute.key] = number
    } else if (attribute.type === 'boolean') {
      if (typeof value === 'boolean') out[attribute.key] = value
    } else if (typeof value === 'string' && value.trim() !== '') {
      out[attribute.key] = attribute.type === 'text' ? value : value.trim()
    }
  }
  return out
}

/**
 * What the ledger's rule for `attribute` accepts, in words, for the field's
 * error: the same rule the contract checks (unscaled for people).
 */
export function ruleWords(attribute: TemplateAttribute): string {
  const rule = attribute.onChain
  const unit = unitText(attribute.unit) ? ` ${unitText(attribute.unit)}` : ''
  if (!rule || rule.kind === 'required') return 'Required.'
  if (rule.kind === 'range') {
    return `The ledger accepts ${rule.min} to ${rule.max}${unit}.`
  }
  const allowed = (attribute.answers ?? []).filter((c) => rule.allowed.includes(c.code))
  return `The ledger accepts ${allowed.map((c) => c.display).join(', ')}.`
}

/** Type checks the core makes of one value (`checkAttributes`): a message, or null when fine. */
function typeProblem(attribute: TemplateAttribute, value: EntryValues[string]): string | null {
  switch (attribute.type) {
    case 'quantity':
    case 'integer': {
      const number = numberOf(value)
      if (number === null) return null
      if (!Number.isFinite(number)) return 'Give a number.'
      const decimals = attribute.type === 'integer' ? 0 : attribute.decimals
      if (decimalsOf(number) > decimals) {
        return decimals === 0
          ? 'Give a whole number.'
          : `At most ${decimals} decimal place${decimals > 1 ? 's' : ''}.`
      }
      return null
    }
    case 'text':
      return typeof value === 'string' && value.length > MAX_TEXT
        ? `At most ${MAX_TEXT} characters.`
        : null
    case 'date':
      return typeof value === 'string' &&
        value !== '' &&
        (!DATE.test(value) || Number.isNaN(Date.parse(value)))
        ? 'Give a date as YYYY-MM-DD.'
        : null
    case 'coded':
      return typeof value === 'string' &&
        value !== '' &&
        !(attribute.answers ?? []).some((c) => c.code === value)
        ? 'Choose one of the options.'
        : null
    case 'boolean':
      return null
  }
}

/**
 * Every problem with `values` under `definition`, by attribute key: what the
 * core checks before signing (types, decimals, required fields) and then the
 * ledger's own rules, each validated slot through `checkRules`, the shared
 * function a property test holds equal to the contract. When this finds
 * nothing, the contract gives the record reason 0 under this version.
 */
export function entryProblems(
  definition: TemplateDefinition,
  values: Readonly<EntryValues>
): Record<string, string> {
  const problems: Record<string, string> = {}
  const attributes = toAttributes(definition, values)
  for (const attribute of definition.attributes) {
    const problem = typeProblem(attribute, values[attribute.key] ?? '')
    if (problem) problems[attribute.key] = problem
    else if (attribute.required && !(attribute.key in attributes)) {
      problems[attribute.key] = 'Required.'
    }
  }
  const { rules } = chainTemplate(definition)
  // Yes/no answers never go on chain (a template cannot validate them there).
  const answers = Object.fromEntries(
    Object.entries(attributes).filter((entry): entry is [string, string | number] => {
      return typeof entry[1] !== 'boolean'
    })
  )
  const chain = chainValues(definition, answers)
  validatedAttributes(definition).forEach((attribute, k) => {
    if (problems[attribute.key]) return
    // Slot k alone, as the contract's lane k: the same check, one field's answer each.
    const rule = rules[k]
    if (rule && checkRules([rule], [chain[k] ?? null]) === RULE_FAILED) {
      problems[attribute.key] = attribute.key in attributes ? ruleWords(attribute) : 'Required.'
    }
  })
  // The whole record as the contract sees it: per-slot answers must add up to the same verdict.
  if (Object.keys(problems).length === 0) {
    const reason = checkRules(rules, chain)
    if (reason !== 0) {
      const attribute = validatedAttributes(definition)[reason - RULE_FAILED]
      problems[attribute?.key ?? definition.attributes[0]!.key] = attribute
        ? ruleWords(attribute)
        : 'The ledger would refuse this record.'
    }
  }
  return problems
}

/**
 * The form's zod schema for one template version: values of the right kinds,
 * refined by {@link entryProblems}, and turned into the record's attributes.
 */
export function entrySchema(definition: TemplateDefinition) {
  const shape = Object.fromEntries(
    definition.attributes.map((a) => [
      a.key,
      a.type === 'boolean' ? z.boolean() : z.union([z.number(), z.string()])
    ])
  )
  return z
    .object(shape)
    .superRefine((values, ctx) => {
      for (const [key, message] of Object.entries(entryProblems(definition, values))) {
        ctx.addIssue({ code: 'custom', message, path: [key] })
      }
    })
    .transform((values) => toAttributes(definition, values))
}
