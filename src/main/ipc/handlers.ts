import type { ChannelName, ChannelRequest, ChannelResponse } from '../../shared/ipc/channels'
import type { App } from '../core/create-app'
import { sessionState, type Session } from '../core/session'

/** What a handler gets besides its request. */
export interface HandlerContext {
  readonly app: App
  readonly session: Session
}

type Handler<C extends ChannelName> = (
  context: HandlerContext,
  request: ChannelRequest<C>
) => ChannelResponse<C> | Promise<ChannelResponse<C>>

/**
 * One handler per channel of the contract; the mapped type makes a missing
 * handler a compile error. Handlers get requests already validated and access
 * already checked, and only call into the core.
 */
export type Handlers = { readonly [C in ChannelName]: Handler<C> }

export const HANDLERS: Handlers = {
  'app:info': ({ app }) => app.info(),
  'session:get': ({ session }) => sessionState(session),
  'app:diagnostics': ({ app }) => app.diagnostics()
}
