import type { z } from 'zod'
import type { ChannelName, ChannelResponse, Channels } from '../../shared/ipc/channels'
import type { App } from '../core/create-app'
import type { Session } from '../core/session'

/** What a handler gets besides its request. */
export interface HandlerContext {
  readonly app: App
  readonly session: Session
}

/** A channel's request as its handler gets it: validated, with the schema's defaults filled in. */
export type HandlerRequest<C extends ChannelName> = z.output<Channels[C]['request']>

/** The handler of one channel. */
export type Handler<C extends ChannelName> = (
  context: HandlerContext,
  request: HandlerRequest<C>
) => ChannelResponse<C> | Promise<ChannelResponse<C>>

/** The handlers of one table of channels (one domain file under `shared/ipc/channels/`). */
export type HandlersFor<Table> = {
  readonly [C in keyof Table & ChannelName]: Handler<C>
}
