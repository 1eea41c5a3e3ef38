import { z } from 'zod'
import { CLINICAL_ROLES } from '../roles'
import { INT16_MAX, INT16_MIN, MAX_CHAIN_RULES, MAX_CODE_INDEX } from '../rules/chain-rule'

/** A coded concept: a LOINC code, an answer code, a UCUM unit's concept. */
export const Coding = z.object({
  system: z.string().min(1),
  code: z.string().min(1),
  display: z.string().min(1)
})
export type Coding = z.infer<typeof Coding>

/** How one attribute is validated on chain; values are scaled by 10^decimals first. */
export const OnChainRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('required') }),
  z.object({
    kind: z.literal('range'),
    min: z.number(),
    max: z.number(),
    optional: z.boolean().default(false)
  }),
  z.object({
    kind: z.literal('codes'),
    /** Codes (from the attribute's `answers`) the contract accepts. */
    allowed: z.array(z.string().min(1)).min(1),
    optional: z.boolean().default(false)
  })
])
export type OnChainRule = z.infer<typeof OnChainRule>

/**
 * The range a clinician reads as usual for a number (display only: the
 * ledger checks `onChain`), and where it comes from (`NEWS2 score 0`).
 */
export const UsualRange = z.object({
  low: z.number(),
  high: z.number(),
  source: z.string().min(1).max(80)
})
export type UsualRange = z.infer<typeof UsualRange>

/**
 * Critical (panic) limits of a number: a value at or beyond one calls for
 * immediate action, not just a flag (display only). `when` names values of
 * the record's other attributes this limit holds for (`{test: "2345-7",
 * unit: "mg/dL"}`), compared without regard to case; empty for always.
 */
export const CriticalLimit = z
  .object({
    when: z.record(z.string(), z.string()).optional(),
    low: z.number().optional(),
    high: z.number().optional()
  })
  .refine((limit) => limit.low !== undefined || limit.high !== undefined, {
    message: 'a critical limit needs low, high or both'
  })
export type CriticalLimit = z.infer<typeof CriticalLimit>

/** One of a template's t attributes. */
export const TemplateAttribute = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9]*$/),
  label: z.string().min(1),
  type: z.enum(['quantity', 'integer', 'coded', 'text', 'date', 'boolean']),
  /** What the attribute is, e.g. a LOINC code. */
  code: Coding.optional(),
  /** UCUM unit of a quantity. */
  unit: z.string().min(1).optional(),
  /** Decimal places kept when the value is scaled to an integer for the chain. */
  decimals: z.number().int().min(0).max(4).default(0),
  /** Answer list of a coded attribute; its index is the on-chain code. */
  answers: z.array(Coding).optional(),
  /** Required in the form (the chain enforces only `onChain`). */
  required: z.boolean().default(false),
  /** Set when this attribute is one of the r validated on chain. */
  onChain: OnChainRule.optional(),
  /** Shaded on the attribute's chart; see {@link UsualRange}. */
  usualRange: UsualRange.optional(),
  /** Flags a value as critical; see {@link CriticalLimit}. */
  criticalLimits: z.array(CriticalLimit).max(200).optional()
})
export type TemplateAttribute = z.infer<typeof TemplateAttribute>

/** A template definition (TTM): id, version, t attributes, the r validated, who may submit. */
export const TemplateDefinition = z
  .object({
    /** On-chain template id (uint16). */
    id: z.number().int().min(1).max(0xffff),
    /** On-chain version (uint16); a new version is a new definition. */
    version: z.number().int().min(1).max(0xffff),
    slug: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: z.string().min(1),
    roles: z.array(z.enum(CLINICAL_ROLES)).min(1),
    attributes: z.array(TemplateAttribute).min(1)
  })
  .superRefine((def, ctx) => {
    const issue = (message: string, path: (string | number)[]): void =>
      ctx.addIssue({ code: 'custom', message, path })
    const keys = new Set<string>()
    const validated = def.attributes.filter((a) => a.onChain !== undefined)
    if (validated.length > MAX_CHAIN_RULES) {
      issue(`at most ${MAX_CHAIN_RULES} attributes may be validated on chain`, ['attributes'])
    }
    def.attributes.forEach((a, i) => {
      if (keys.has(a.key)) issue(`duplicate attribute key ${a.key}`, ['attributes', i, 'key'])
      keys.add(a.key)
      if (a.type === 'coded' && (a.answers?.length ?? 0) === 0) {
        issue('a coded attribute needs answers', ['attributes', i, 'answers'])
      }
      const numeric = a.type === 'quantity' || a.type === 'integer'
      if (a.usualRange || a.criticalLimits) {
        if (!numeric) {
          issue('only a number has a usual range or critical limits', ['attributes', i])
        }
      }
      if (a.usualRange && a.usualRange.low > a.usualRange.high) {
        issue('the usual range is low to high', ['attributes', i, 'usualRange'])
      }
      a.criticalLimits?.forEach((limit, j) => {
        for (const other of Object.keys(limit.when ?? {})) {
          if (other === a.key || !def.attributes.some((b) => b.key === other)) {
            issue(`when names ${other}, not another attribute of this template`, [
              'attributes',
              i,
              'criticalLimits',
              j,
              'when'
            ])
          }
        }
        if (limit.low !== undefined && limit.high !== undefined && limit.low > limit.high) {
          issue('a critical limit is low to high', ['attributes', i, 'criticalLimits', j])
        }
      })
      const rule = a.onChain
      if (!rule) return
      // Free text, dates and booleans never go on chain: only scaled numbers and codes.
      if (a.type === 'text' || a.type === 'date' || a.type === 'boolean') {
        issue(`a ${a.type} attribute cannot be validated on chain`, ['attributes', i, 'onChain'])
      }
      if (rule.kind === 'codes') {
        const answers = (a.answers ?? []).map((c) => c.code)
        if (answers.length > MAX_CODE_INDEX + 1) {
          issue(`at most ${MAX_CODE_INDEX + 1} answers`, ['attributes', i, 'answers'])
        }
        for (const code of rule.allowed) {
          if (!answers.includes(code)) {
            issue(`allowed code ${code} is not an answer`, ['attributes', i, 'onChain'])
          }
        }
      }
      if (rule.kind === 'range') {
        const scale = 10 ** a.decimals
        const [min, max] = [Math.round(rule.min * scale), Math.round(rule.max * scale)]
        if (min > max || min < INT16_MIN || max > INT16_MAX) {
          issue('range does not fit int16 once scaled', ['attributes', i, 'onChain'])
        }
      }
    })
  })
export type TemplateDefinition = z.infer<typeof TemplateDefinition>
