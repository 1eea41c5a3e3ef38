import type {
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload
} from './channels'
import type { RpcResult } from './result'

/** One method per channel of the contract, answering its {@link RpcResult}. */
export type BridgeChannels = {
  readonly [C in ChannelName]: (
    request: ChannelRequest<C>
  ) => Promise<RpcResult<ChannelResponse<C>>>
}

/**
 * What the Electron preload exposes as `window.mediblock`: one method per
 * channel and a subscription to the contract's events. Nothing raw: no
 * `ipcRenderer`, no arbitrary channel names.
 */
export interface MediblockBridge {
  readonly channels: BridgeChannels
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
