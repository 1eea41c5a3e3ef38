import { readFile } from 'node:fs/promises'
import { protocol, type Session } from 'electron'
import { contentSecurityPolicy, DOCUMENT_HEADERS } from '../security/csp'
import { mimeType, resolveStaticFile } from '../security/static-files'
import { APP_HOST, APP_SCHEME } from './app-origin'

/** Must run before `app` is ready: gives the app scheme a real origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true }
    }
  ])
}

/**
 * Serves the built renderer on `app://mediblock/`, with the CSP on every
 * document. Nothing outside `rendererDir` is reachable.
 */
export function serveRenderer(session: Session, rendererDir: string): void {
  const csp = contentSecurityPolicy()
  session.protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : null
    if (!file) return new Response('not found', { status: 404 })
    try {
      const body = await readFile(file)
      const headers: Record<string, string> = { 'Content-Type': mimeType(file) }
      if (file.endsWith('.html'))
        Object.assign(headers, DOCUMENT_HEADERS, { 'Content-Security-Policy': csp })
      return new Response(body, { status: 200, headers })
    } catch {
      return new Response('not found', { status: 404 })
    }
  })
}

/**
 * Sets the CSP as a response header on everything the window loads, which
 * also covers the dev server during development.
 */
export function enforceCsp(
  session: Session,
  dev: { connectSrc: readonly string[] } | null = null
): void {
  const csp = contentSecurityPolicy(
    dev ? { connectSrc: dev.connectSrc, allowInlineScripts: true } : {}
  )
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] }
    })
  })
}

/** Refuses every permission request (camera, notifications, …). */
export function denyPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
