import { randomUUID } from 'node:crypto'
import type { SessionState, SessionUser } from '../../shared/ipc/schemas'
import type { ClinicSession } from '../clinic/clinic-session'

/**
 * One window's (or one browser tab's) login state, held in the main process.
 * The renderer only ever sees {@link SessionState}; keys unlocked for the
 * session (`clinic`) stay here.
 */
export interface Session {
  readonly id: string
  user: SessionUser | null
  locked: boolean
  /** The logged-in user's unlocked signer and the device secrets; null when logged out. */
  clinic: ClinicSession | null
  /** When the user was last seen active (login, unlock, `session:activity`), in ms since the epoch. */
  lastActiveAt: number
}

/** A new, logged-out session. */
export function createSession(): Session {
  return { id: randomUUID(), user: null, locked: false, clinic: null, lastActiveAt: Date.now() }
}

/** What the renderer may see of a session. */
export function sessionState(session: Session): SessionState {
  return { user: session.user, locked: session.locked }
}
