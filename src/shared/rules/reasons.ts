/**
 * The ledger's reason codes: why the contract accepted (0) or rejected a record. The same
 * numbers are in contracts/MediBlockLedger.sol, in each record's Merkle leaf and in the
 * `BatchAnchored` event, so an ACK and its proof say the same thing.
 */
export const REASON = {
  ACCEPTED: 0,
  BAD_SIGNATURE: 1,
  UNKNOWN_CLINICIAN: 2,
  UNKNOWN_TEMPLATE: 3,
  ROLE_NOT_ALLOWED: 4,
  REPLAY: 5
} as const

/** Reason code of "validated attribute k failed its rule" is `RULE_FAILED + k`. */
export const RULE_FAILED = 16

/** One of the ledger's reason codes. */
export type ReasonCode = number

/** A short, stable name for a reason code, for logs and the audit trail. */
export function reasonName(code: ReasonCode): string {
  for (const [name, value] of Object.entries(REASON)) if (value === code) return name
  if (code >= RULE_FAILED && code < RULE_FAILED + 6) return `RULE_FAILED_${code - RULE_FAILED}`
  return `UNKNOWN_REASON_${code}`
}
