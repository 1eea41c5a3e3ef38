/**
 * One validated attribute's rule as the ledger contract checks it, on scaled int16 values.
 * Mirrors the contract's `Rule` struct; the forms check the same rules for live feedback.
 */
export type ChainRule =
  /** Present: any value but absent. */
  | { readonly kind: 'required' }
  /** Present and `min <= value <= max`, or absent when optional. */
  | {
      readonly kind: 'range'
      readonly min: number
      readonly max: number
      readonly optional: boolean
    }
  /** Present and an allowed code index (0..31), or absent when optional. */
  | { readonly kind: 'codes'; readonly allowed: readonly number[]; readonly optional: boolean }

/** The encoded value of an absent attribute (int16 minimum). */
export const ABSENT = -0x8000

/** How many attributes a template may validate on chain (r). */
export const MAX_CHAIN_RULES = 6

/** Largest code index a codes rule can allow (its set is 32 bits). */
export const MAX_CODE_INDEX = 31

/** Smallest and largest encodable value (ABSENT is reserved). */
export const INT16_MIN = -0x7fff
export const INT16_MAX = 0x7fff

/** Rule kinds as the contract numbers them. */
export const RULE_KIND_CODES = { required: 1, range: 2, codes: 3 } as const
