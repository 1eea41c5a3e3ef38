/**
 * Who may do what. Clinical roles mirror the ledger contract's role table
 * (a later issue puts them on chain); `admin` manages the clinic and
 * `auditor` may read and verify but never enter clinical data.
 */
export const ROLES = ['admin', 'doctor', 'nurse', 'pathologist', 'auditor'] as const

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number]

/** Roles that author clinical records. */
export const CLINICAL_ROLES = ['doctor', 'nurse', 'pathologist'] as const satisfies readonly Role[]

/** `true` when `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}
