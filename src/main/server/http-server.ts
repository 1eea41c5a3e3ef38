import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ErrorCode } from '../../shared/errors'
import type { App } from '../core/create-app'
import { createSession } from '../core/session'
import type { Router } from '../ipc/router'
import { contentSecurityPolicy, DOCUMENT_HEADERS } from '../security/csp'
import { mimeType, resolveStaticFile } from '../security/static-files'
import { checkHost, checkOrigin, checkToken, type GuardDenial } from './request-guard'

/** The loopback address browser mode listens on, and nothing else. */
export const LOOPBACK = '127.0.0.1'

/** Largest request body accepted, in bytes. */
const MAX_BODY = 1 << 20

/** Interval of SSE keep-alive comments; also how fast a dead tab is noticed. */
const KEEPALIVE_MS = 15_000

export interface ServerOptions {
  readonly app: App
  readonly router: Router
  /** The built renderer (`out/renderer`). */
  readonly rendererDir: string
  /** 0 picks a free port. */
  readonly port?: number
  /** A fixed token (tests); by default 32 random bytes per launch. */
  readonly token?: string
}

export interface RunningServer {
  readonly port: number
  readonly token: string
  /** The URL to open: the token rides in the fragment, never sent to the server. */
  readonly url: string
  close(): Promise<void>
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  response.end(text)
}

function refuse(response: ServerResponse, denial: NonNullable<GuardDenial>): void {
  const code: ErrorCode = denial.status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN'
  sendJson(response, denial.status, { ok: false, error: { code, message: denial.message } })
}

/**
 * Reads a request body as text, or answers `null` when it exceeds
 * {@link MAX_BODY}. An oversized body is drained, not cut off, so the client
 * receives the 413 instead of a reset; only token holders get this far.
 */
function readBody(request: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY) chunks.push(chunk)
    })
    request.on('end', () =>
      resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8'))
    )
    request.on('error', reject)
  })
}

/**
 * Browser mode: the core behind HTTP on 127.0.0.1, serving the renderer
 * build. `POST /rpc/<channel>` calls a channel; `GET /events` streams push
 * events as server-sent events. Both need the per-launch token.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { app, router, rendererDir } = options
  const token = options.token ?? randomBytes(32).toString('base64url')
  // One session per launch: browser mode serves one workstation user at a
  // time, like one desktop window.
  const session = createSession()
  const streams = new Set<ServerResponse>()
  let port = 0

  const csp = contentSecurityPolicy()

  async function serveStatic(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const file = resolveStaticFile(rendererDir, request.url ?? '/')
    if (!file)
      return sendJson(response, 404, {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'not found' }
      })
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return sendJson(response, 404, {
        ok: false,
        error: { code: 'NOT_FOUND', message: 'not found' }
      })
    }
    const isDocument = file.endsWith('.html')
    response.writeHead(200, {
      'Content-Type': mimeType(file),
      'Content-Length': body.length,
      // Hashed asset names never change content; the document always may.
      'Cache-Control': isDocument ? 'no-store' : 'public, max-age=31536000, immutable',
      ...(isDocument ? { 'Content-Security-Policy': csp, ...DOCUMENT_HEADERS } : {}),
      'X-Content-Type-Options': 'nosniff'
    })
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  async function serveRpc(request: IncomingMessage, response: ServerResponse, channel: string) {
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST')
      return sendJson(response, 405, {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'use POST' }
      })
    }
    if (!request.headers['content-type']?.startsWith('application/json')) {
      return sendJson(response, 415, {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'send application/json' }
      })
    }
    const text = await readBody(request)
    if (text === null) {
      return sendJson(response, 413, {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'request too large' }
      })
    }
    let payload: unknown
    try {
      payload = text.length ? JSON.parse(text) : {}
    } catch {
      return sendJson(response, 400, {
        ok: false,
        error: { code: 'INVALID_ARGUMENT', message: 'body is not JSON' }
      })
    }
    sendJson(response, 200, await router(session, channel, payload))
  }

  function serveEvents(request: IncomingMessage, response: ServerResponse): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff'
    })
    response.write(': connected\n\n')
    streams.add(response)
    request.on('close', () => streams.delete(response))
  }

  const unsubscribe = app.events.subscribe((name, payload) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`
    for (const stream of streams) stream.write(frame)
  })
  const keepalive = setInterval(() => {
    for (const stream of streams) stream.write(': keep-alive\n\n')
  }, KEEPALIVE_MS)
  keepalive.unref()

  const server = createServer((request, response) => {
    const denial = checkHost(request, port) ?? checkOrigin(request, port)
    if (denial) return refuse(response, denial)
    const path = (request.url ?? '/').split('?')[0] ?? '/'
    const isApi = path.startsWith('/rpc/') || path === '/events'
    if (isApi) {
      const tokenDenial = checkToken(request, token)
      if (tokenDenial) return refuse(response, tokenDenial)
    }
    const handle = path.startsWith('/rpc/')
      ? serveRpc(request, response, decodeURIComponent(path.slice('/rpc/'.length)))
      : path === '/events'
        ? Promise.resolve(serveEvents(request, response))
        : request.method === 'GET' || request.method === 'HEAD'
          ? serveStatic(request, response)
          : Promise.resolve(
              sendJson(response, 405, {
                ok: false,
                error: { code: 'INVALID_ARGUMENT', message: 'method not allowed' }
              })
            )
    handle.catch((error: unknown) => {
      app.log.error({ err: error, path }, 'http request failed')
      if (!response.headersSent) {
        sendJson(response, 500, {
          ok: false,
          error: { code: 'INTERNAL', message: 'Internal error; see the log for details.' }
        })
      } else {
        response.destroy()
      }
    })
  })
  server.headersTimeout = 10_000
  server.requestTimeout = 30_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  app.log.info({ port }, 'browser mode listening')

  let closed: Promise<void> | undefined
  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/#token=${token}`,
    close() {
      closed ??= new Promise<void>((resolve) => {
        unsubscribe()
        clearInterval(keepalive)
        for (const stream of streams) stream.end()
        streams.clear()
        server.close(() => resolve())
        server.closeAllConnections()
      })
      return closed
    }
  }
}
