import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { CHANNEL_NAMES } from '../../shared/ipc/channels'
import type { RpcResult } from '../../shared/ipc/result'
import type { App } from '../core/create-app'
import { createSession, type Session } from '../core/session'
import type { Router } from '../ipc/router'
import { logOut } from '../workstation/sessions'
import { isFromOrigin } from './app-origin'

/**
 * Answers `ipcRenderer.invoke` for every channel of the contract. Each call
 * first checks that it comes from the app's own top frame (not an iframe,
 * not a page navigated elsewhere), then goes through the router, which
 * validates the payload and the session's role. One session per window.
 */
export function registerIpc(app: App, router: Router, origin: string): () => void {
  const sessions = new Map<number, Session>()

  const sessionFor = (contents: WebContents): Session => {
    let session = sessions.get(contents.id)
    if (!session) {
      const made = createSession()
      session = made
      sessions.set(contents.id, made)
      contents.once('destroyed', () => {
        sessions.delete(contents.id)
        // A closed window's user is logged out: the core forgets their key.
        if (made.clinic) {
          logOut(app, made, 'window closed').catch((error: unknown) =>
            app.log.warn({ err: error }, 'logout of a closed window failed')
          )
        }
      })
    }
    return session
  }

  for (const channel of CHANNEL_NAMES) {
    ipcMain.handle(
      channel,
      async (event: IpcMainInvokeEvent, payload: unknown): Promise<RpcResult<unknown>> => {
        const frame = event.senderFrame
        if (!frame || frame.parent !== null || !isFromOrigin(frame.url, origin)) {
          app.log.warn(
            { channel, url: frame?.url?.slice(0, 120) },
            'ipc from untrusted frame refused'
          )
          return {
            ok: false,
            error: { code: 'FORBIDDEN', message: 'request from an untrusted frame' }
          }
        }
        return router(sessionFor(event.sender), channel, payload)
      }
    )
  }
  return () => {
    for (const channel of CHANNEL_NAMES) ipcMain.removeHandler(channel)
    sessions.clear()
  }
}

/** Sends the core's push events to a window's renderer. */
export function forwardEvents(app: App, contents: WebContents): () => void {
  const unsubscribe = app.events.subscribe((name, payload) => {
    if (!contents.isDestroyed()) contents.send(name, payload)
  })
  contents.once('destroyed', unsubscribe)
  return unsubscribe
}
