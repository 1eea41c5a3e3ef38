import { type ChainRule } from '../rules/chain-rule'
import { type ChainValue } from '../rules/check-rules'
import { roleMask } from './role-codes'
import type { TemplateAttribute, TemplateDefinition } from './template-schema'

/** What the contract stores for a template version, besides its hash. */
export interface ChainTemplate {
  readonly id: number
  readonly version: number
  readonly roleMask: number
  /** The r rules, in slot order (the validated attributes in definition order). */
  readonly rules: readonly ChainRule[]
  /** Keys of the validated attributes, slot k first. */
  readonly slots: readonly string[]
}

/** The validated attributes of a template, in slot order. */
export function validatedAttributes(def: TemplateDefinition): TemplateAttribute[] {
  return def.attributes.filter((a) => a.onChain !== undefined)
}

/** A number scaled to the integer the chain carries (10^decimals). */
export function scaleValue(value: number, decimals: number): number {
  return Math.round(value * 10 ** decimals)
}

function chainRule(a: TemplateAttribute): ChainRule {
  const rule = a.onChain
  if (!rule || rule.kind === 'required') return { kind: 'required' }
  if (rule.kind === 'range') {
    return {
      kind: 'range',
      min: scaleValue(rule.min, a.decimals),
      max: scaleValue(rule.max, a.decimals),
      optional: rule.optional
    }
  }
  const answers = (a.answers ?? []).map((c) => c.code)
  return {
    kind: 'codes',
    allowed: rule.allowed.map((code) => answers.indexOf(code)),
    optional: rule.optional
  }
}

/** The template's on-chain rules and roles. */
export function chainTemplate(def: TemplateDefinition): ChainTemplate {
  const validated = validatedAttributes(def)
  return {
    id: def.id,
    version: def.version,
    roleMask: roleMask(def.roles),
    rules: validated.map(chainRule),
    slots: validated.map((a) => a.key)
  }
}

/**
 * The r values the chain carries for a form's answers: quantities scaled, codes as their
 * answer index, empty as null. An answer that is not in the list encodes as -1, which no
 * codes rule allows.
 */
export function chainValues(
  def: TemplateDefinition,
  answers: Readonly<Record<string, number | string | null | undefined>>
): ChainValue[] {
  return validatedAttributes(def).map((a) => {
    const answer = answers[a.key]
    if (answer === null || answer === undefined || answer === '') return null
    if (a.type === 'coded') {
      return (a.answers ?? []).findIndex((c) => c.code === answer)
    }
    return typeof answer === 'number' ? scaleValue(answer, a.decimals) : Number.NaN
  })
}
