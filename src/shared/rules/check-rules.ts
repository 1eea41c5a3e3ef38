import { ABSENT, MAX_CHAIN_RULES, MAX_CODE_INDEX, type ChainRule } from './chain-rule'
import { RULE_FAILED, type ReasonCode } from './reasons'

/** A scaled value: an int16, or null when the attribute was left empty. */
export type ChainValue = number | null

/** `true` when `value` is an int16 the contract can carry (ABSENT excluded). */
function isEncodable(value: number): boolean {
  return Number.isInteger(value) && value > ABSENT && value <= 0x7fff
}

/** Whether one present-or-absent value passes one rule (or, for no rule, is absent). */
function passes(rule: ChainRule | undefined, value: ChainValue): boolean {
  if (value === null || value === ABSENT) {
    // No rule: the slot must be empty. A rule: only optional range and codes rules allow it.
    return rule === undefined || (rule.kind !== 'required' && rule.optional)
  }
  if (rule === undefined || !isEncodable(value)) return false
  switch (rule.kind) {
    case 'required':
      return true
    case 'range':
      return value >= rule.min && value <= rule.max
    case 'codes':
      return value >= 0 && value <= MAX_CODE_INDEX && rule.allowed.includes(value)
  }
}

/**
 * The reason code the ledger gives `values` under `rules`: 0 when every validated attribute
 * passes, else `RULE_FAILED + k` for the first failing slot k. Slots past the template's r
 * rules must be empty. Pure, so the forms give the same answer as the contract, live.
 */
export function checkRules(rules: readonly ChainRule[], values: readonly ChainValue[]): ReasonCode {
  for (let k = 0; k < MAX_CHAIN_RULES; k++) {
    if (!passes(rules[k], values[k] ?? null)) return RULE_FAILED + k
  }
  return 0
}
