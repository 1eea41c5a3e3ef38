import type { ChannelName } from '../../shared/ipc/channels'
import type { Handler } from './handler'
import { ADMIN_HANDLERS } from './handlers/admin'
import { APP_HANDLERS } from './handlers/app'
import { AUDIT_HANDLERS } from './handlers/audit'
import { CLINICAL_HANDLERS } from './handlers/clinical'
import { SESSION_HANDLERS } from './handlers/session'
import { SETUP_HANDLERS } from './handlers/setup'
import { STATUS_HANDLERS } from './handlers/status'

export type { HandlerContext } from './handler'

/**
 * One handler per channel of the contract, one file per domain under
 * `handlers/`; the mapped type makes a missing handler a compile error.
 * Handlers get requests already validated and access already checked, and
 * only call into the core (which checks roles again).
 */
export type Handlers = { readonly [C in ChannelName]: Handler<C> }

export const HANDLERS: Handlers = {
  ...APP_HANDLERS,
  ...SETUP_HANDLERS,
  ...SESSION_HANDLERS,
  ...CLINICAL_HANDLERS,
  ...ADMIN_HANDLERS,
  ...STATUS_HANDLERS,
  ...AUDIT_HANDLERS
}
