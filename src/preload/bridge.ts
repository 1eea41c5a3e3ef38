import type { IpcRenderer, IpcRendererEvent } from 'electron'
import type { BridgeChannels, MediblockBridge } from '../shared/ipc/bridge'
import { CHANNEL_NAMES, isEventName } from '../shared/ipc/channels'

/**
 * Builds the object the preload exposes: one function per channel that calls
 * `ipcRenderer.invoke` on exactly that channel, and `on` for the contract's
 * events. The page never gets `ipcRenderer` or an IPC event object.
 */
export function buildBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>
): MediblockBridge {
  const channels = Object.fromEntries(
    CHANNEL_NAMES.map((name) => [name, (request: unknown) => ipc.invoke(name, request)])
  ) as unknown as BridgeChannels
  return Object.freeze({
    channels: Object.freeze(channels),
    on(event, listener) {
      if (!isEventName(event)) throw new TypeError(`unknown event: ${String(event)}`)
      const forward = (_event: IpcRendererEvent, payload: unknown) =>
        (listener as (payload: unknown) => void)(payload)
      ipc.on(event, forward)
      return () => {
        ipc.removeListener(event, forward)
      }
    }
  } satisfies MediblockBridge)
}
