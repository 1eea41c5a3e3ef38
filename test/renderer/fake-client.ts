import { MediblockError, type ErrorCode } from '../../src/shared/errors'
import type {
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload
} from '../../src/shared/ipc/channels'
import type { CoreClient } from '../../src/renderer/src/client/core-client'

type Handler<C extends ChannelName> = (
  request: ChannelRequest<C>
) => ChannelResponse<C> | Promise<ChannelResponse<C>>

export type Handlers = { [C in ChannelName]?: Handler<C> }

/** A core that answers what a test tells it to, and remembers every call. */
export interface FakeClient extends CoreClient {
  calls: { channel: ChannelName; request: unknown }[]
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  callsTo(channel: ChannelName): unknown[]
}

/** A coded error as the core sends it. */
/** An error as the core sends it; `field` names the request's field at fault. */
export function coded(code: ErrorCode, message: string, field?: string): MediblockError {
  return MediblockError.fromPayload({ code, message, ...(field === undefined ? {} : { field }) })
}

export function fakeClient(handlers: Handlers = {}): FakeClient {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const calls: FakeClient['calls'] = []
  return {
    transport: 'http',
    calls,
    callsTo: (channel) => calls.filter((c) => c.channel === channel).map((c) => c.request),
    async call<C extends ChannelName>(channel: C, request: ChannelRequest<C>) {
      calls.push({ channel, request })
      const handler = handlers[channel]
      if (!handler) throw coded('UNKNOWN_CHANNEL', `the fake core has no ${channel}`)
      return handler(request)
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as (payload: unknown) => void)
      return () => set.delete(listener as (payload: unknown) => void)
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    }
  }
}
