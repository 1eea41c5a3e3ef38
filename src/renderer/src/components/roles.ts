import type { Role } from '../../../shared/roles'

/** Roles in words. */
export const ROLE_LABELS: Record<Role, string> = {
  admin: 'admin',
  doctor: 'doctor',
  nurse: 'nurse',
  pathologist: 'pathologist',
  auditor: 'auditor'
}
