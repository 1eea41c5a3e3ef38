import { randomUUID } from 'node:crypto'
import type { SessionState, SessionUser } from '../../shared/ipc/schemas'

/**
 * One window's (or one browser tab's) login state, held in the main process.
 * The renderer only ever sees {@link SessionState}; keys unlocked for the
 * session stay here.
 */
export interface Session {
  readonly id: string
  user: SessionUser | null
  locked: boolean
}

/** A new, logged-out session. */
export function createSession(): Session {
  return { id: randomUUID(), user: null, locked: false }
}

/** What the renderer may see of a session. */
export function sessionState(session: Session): SessionState {
  return { user: session.user, locked: session.locked }
}
