import type { Role } from '../roles'
import type { Access } from './channel'

/** Why a caller may not use a channel, or `null` when it may. */
export type AccessDenial = 'UNAUTHENTICATED' | 'FORBIDDEN' | null

/**
 * Decides whether a caller with `role` (or nobody, when `null`) may use a
 * channel with `access`. The renderer uses it to hide what a role cannot do;
 * the main process uses it again on every request, since the renderer is
 * untrusted.
 */
export function checkAccess(access: Access, role: Role | null): AccessDenial {
  if (access === 'public') return null
  if (role === null) return 'UNAUTHENTICATED'
  if (access === 'user') return null
  return access.includes(role) ? null : 'FORBIDDEN'
}
