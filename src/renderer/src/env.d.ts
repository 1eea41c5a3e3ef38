/// <reference types="vite/client" />
import type { MediblockBridge } from '../../shared/ipc/bridge'

declare global {
  interface Window {
    /** Present only in the Electron window, exposed by the preload. */
    readonly mediblock?: MediblockBridge
  }
}
