import { MediblockError } from '../../../shared/errors'
import type { CoreClient } from './core-client'
import { createHttpClient } from './http-client'
import { createIpcClient } from './ipc-client'

/**
 * Picks the transport once, at start: the preload bridge when the page runs in
 * the Electron window, HTTP otherwise. In browser mode the token arrives once
 * in the URL fragment; it is read, kept in memory only, and removed from the
 * address bar and history.
 */
export function connect(win: Window = window): CoreClient {
  if (win.mediblock) return createIpcClient(win.mediblock)
  const params = new URLSearchParams(win.location.hash.replace(/^#/, ''))
  const token = params.get('token')
  if (!token) {
    throw new MediblockError(
      'UNAUTHENTICATED',
      'This page needs the link that `mediblock serve` printed (it carries a one-time token). Open that link again.'
    )
  }
  win.history.replaceState(null, '', win.location.pathname + win.location.search)
  return createHttpClient(token)
}
