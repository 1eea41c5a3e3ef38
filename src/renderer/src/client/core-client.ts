import { MediblockError } from '../../../shared/errors'
import type {
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload
} from '../../../shared/ipc/channels'
import type { RpcResult } from '../../../shared/ipc/result'

/**
 * How screens talk to the core, whichever face hosts them. `call` resolves
 * with the channel's response or rejects with a coded {@link MediblockError}.
 */
export interface CoreClient {
  /** `ipc` in the Electron window, `http` in browser mode. */
  readonly transport: 'ipc' | 'http'
  call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}

/** Unwraps a result, turning `{ok: false}` into a thrown coded error. */
export function unwrap<T>(result: RpcResult<T>): T {
  if (result.ok) return result.value
  throw MediblockError.fromPayload(result.error)
}
