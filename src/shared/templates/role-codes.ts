import type { CLINICAL_ROLES } from '../roles'

/** A clinical role (doctor, nurse, pathologist). */
export type ClinicalRole = (typeof CLINICAL_ROLES)[number]

/** Clinical roles as the ledger contract numbers them (1..15; 0 means not registered). */
export const ROLE_CODES: Readonly<Record<ClinicalRole, number>> = {
  doctor: 1,
  nurse: 2,
  pathologist: 3
}

/** Bit r set for each role code r, as a template's roles mask. */
export function roleMask(roles: readonly ClinicalRole[]): number {
  return roles.reduce((mask, role) => mask | (1 << ROLE_CODES[role]), 0)
}
