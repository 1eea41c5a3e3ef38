import type { MediblockBridge } from '../../../shared/ipc/bridge'
import type { ChannelName, ChannelRequest, ChannelResponse } from '../../../shared/ipc/channels'
import type { RpcResult } from '../../../shared/ipc/result'
import { unwrap, type CoreClient } from './core-client'

/** The Electron face: calls go through the preload's bridge. */
export function createIpcClient(bridge: MediblockBridge): CoreClient {
  return {
    transport: 'ipc',
    async call<C extends ChannelName>(channel: C, request: ChannelRequest<C>) {
      const method = bridge.channels[channel] as (
        request: ChannelRequest<C>
      ) => Promise<RpcResult<ChannelResponse<C>>>
      return unwrap(await method(request))
    },
    on: (event, listener) => bridge.on(event, listener)
  }
}
