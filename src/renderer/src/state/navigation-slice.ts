import type { StateCreator } from 'zustand'
import { CLINICAL_ROLES, type Role } from '../../../shared/roles'
import type { Store } from './store'

/** The admin screen's sections; the second half of issue 8 fills them in. */
export const ADMIN_SECTIONS = [
  'users',
  'templates',
  'ledger',
  'cloud',
  'queue',
  'security-log',
  'settings'
] as const
export type AdminSection = (typeof ADMIN_SECTIONS)[number]

/**
 * Every screen of the logged-in app, as data. A route is a value, not a URL:
 * the Electron window loads a file and browser mode's address carries a
 * one-time token, so there is no address to keep in step; a typed union
 * makes a wrong link a compile error and lets the lock overlay keep the
 * current screen (and its half-filled forms) mounted underneath.
 */
export type Route =
  | { name: 'patients' }
  | { name: 'register-patient' }
  | { name: 'patient'; patientId: string }
  /**
   * A new record for a patient from a template (`slug`, latest version when
   * unset); `supersedes` makes it a correction of that record (a new linked
   * version, never an edit in place).
   */
  | { name: 'new-record'; patientId: string; template?: string; supersedes?: string }
  | { name: 'admin'; section: AdminSection }
  | { name: 'audit' }

/** Doctors, nurses and pathologists: the roles that author records. */
export function isClinical(role: Role): boolean {
  return (CLINICAL_ROLES as readonly Role[]).includes(role)
}

/** The screen a role starts on after login. */
export function homeRoute(role: Role): Route {
  switch (role) {
    case 'admin':
      return { name: 'admin', section: 'users' }
    case 'auditor':
      return { name: 'audit' }
    case 'doctor':
    case 'nurse':
    case 'pathologist':
      return { name: 'patients' }
  }
}

/** Whether `role` may open `route` (the core checks every request again). */
export function canOpen(role: Role, route: Route): boolean {
  switch (route.name) {
    case 'patients':
      return role !== 'auditor'
    case 'patient':
      // Any role: an auditor arrives here from a problem the audit names.
      return true
    case 'register-patient':
    case 'new-record':
      return isClinical(role)
    case 'admin':
      return role === 'admin'
    case 'audit':
      return role === 'admin' || role === 'auditor'
  }
}

/** A small state-based router: where the user is, and where they came from. */
export interface NavigationSlice {
  route: Route
  /** Earlier routes, newest last, for "back". */
  history: Route[]
  navigate: (route: Route) => void
  back: () => void
  /** Start over on the role's home screen (login, user change). */
  goHome: (role: Role) => void
}

/** History kept for "back": enough for a day's wandering, bounded. */
const MAX_HISTORY = 50

export const createNavigationSlice: StateCreator<Store, [], [], NavigationSlice> = (set, get) => ({
  route: { name: 'patients' },
  history: [],
  navigate(route) {
    const { route: current, history } = get()
    if (JSON.stringify(current) === JSON.stringify(route)) return
    set({ route, history: [...history, current].slice(-MAX_HISTORY) })
  },
  back() {
    const { history } = get()
    const previous = history.at(-1)
    if (previous) set({ route: previous, history: history.slice(0, -1) })
  },
  goHome(role) {
    set({ route: homeRoute(role), history: [] })
  }
})
