import {
  ABSENT,
  INT16_MAX,
  INT16_MIN,
  MAX_CHAIN_RULES,
  MAX_CODE_INDEX,
  RULE_KIND_CODES,
  type ChainRule
} from './chain-rule'
import type { ChainValue } from './check-rules'

/** The contract's `Rule` struct, as publishTemplate takes it. */
export interface RuleStruct {
  kind: number
  optional: boolean
  min: number
  max: number
  codes: bigint
}

/** Bit set of allowed code indexes, as a codes rule stores it. */
export function codeSet(allowed: readonly number[]): bigint {
  let set = 0n
  for (const code of allowed) {
    if (!Number.isInteger(code) || code < 0 || code > MAX_CODE_INDEX) {
      throw new RangeError(`code index ${code} is outside 0..${MAX_CODE_INDEX}`)
    }
    set |= 1n << BigInt(code)
  }
  return set
}

/** A rule as the contract's `Rule` struct. */
export function toRuleStruct(rule: ChainRule): RuleStruct {
  switch (rule.kind) {
    case 'required':
      return { kind: RULE_KIND_CODES.required, optional: false, min: 0, max: 0, codes: 0n }
    case 'range':
      return {
        kind: RULE_KIND_CODES.range,
        optional: rule.optional,
        min: rule.min,
        max: rule.max,
        codes: 0n
      }
    case 'codes':
      return {
        kind: RULE_KIND_CODES.codes,
        optional: rule.optional,
        min: 0,
        max: 0,
        codes: codeSet(rule.allowed)
      }
  }
}

const biased = (v: number): bigint => BigInt((v & 0xffff) ^ 0x8000)

/**
 * The packed rule word the contract stores for a template version (its `packRules`): lane k
 * at bit 32k holds lo | hi << 16 in offset binary, or a code set; roles at bit 192, optional
 * mask at 208, codes mask at 214, rule count at 220.
 */
export function packRuleWord(roleMask: number, rules: readonly ChainRule[]): bigint {
  if (rules.length > MAX_CHAIN_RULES) throw new RangeError(`more than ${MAX_CHAIN_RULES} rules`)
  let word = (BigInt(roleMask) << 192n) | (BigInt(rules.length) << 220n)
  rules.forEach((rule, k) => {
    let lane: bigint
    if (rule.kind === 'required') lane = 1n | (0xffffn << 16n)
    else if (rule.kind === 'range') lane = biased(rule.min) | (biased(rule.max) << 16n)
    else {
      lane = codeSet(rule.allowed)
      word |= 1n << BigInt(214 + k)
    }
    if (rule.kind !== 'required' && rule.optional) word |= 1n << BigInt(208 + k)
    word |= lane << BigInt(32 * k)
  })
  return word
}

/** Six int16 big-endian (bytes12); null or missing is absent (0x8000). */
export function packValues(values: readonly ChainValue[]): Uint8Array {
  if (values.length > MAX_CHAIN_RULES) throw new RangeError(`more than ${MAX_CHAIN_RULES} values`)
  const out = new Uint8Array(2 * MAX_CHAIN_RULES)
  for (let k = 0; k < MAX_CHAIN_RULES; k++) {
    const v = values[k] ?? null
    if (v !== null && (!Number.isInteger(v) || v < INT16_MIN - 1 || v > INT16_MAX)) {
      throw new RangeError(`value ${v} is not an int16`)
    }
    const raw = v === null ? ABSENT & 0xffff : v & 0xffff
    out[2 * k] = raw >> 8
    out[2 * k + 1] = raw & 0xff
  }
  return out
}
