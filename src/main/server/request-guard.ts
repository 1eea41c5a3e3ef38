import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

/** Loopback names a browser may use to reach the server. */
const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'] as const

/** Why a request was refused, or `null` when it may proceed. */
export type GuardDenial = { status: 401 | 403; message: string } | null

/**
 * Refuses requests whose `Host` is not this server on a loopback name. A DNS
 * rebinding page reaches 127.0.0.1 under its own host name, so the check
 * stops it even though the connection itself is local.
 */
export function checkHost(request: IncomingMessage, port: number): GuardDenial {
  const host = request.headers.host?.toLowerCase()
  const allowed = LOOPBACK_HOSTS.map((name) => `${name}:${port}`)
  return host && allowed.includes(host) ? null : { status: 403, message: 'host not allowed' }
}

/**
 * Refuses cross-origin requests. Browsers send `Origin` on every POST and on
 * cross-origin GETs; a page of another origin (another local server, a
 * rebinding page) never carries ours.
 */
export function checkOrigin(request: IncomingMessage, port: number): GuardDenial {
  const origin = request.headers.origin
  if (origin === undefined) return null
  const allowed = LOOPBACK_HOSTS.map((name) => `http://${name}:${port}`)
  return allowed.includes(origin.toLowerCase())
    ? null
    : { status: 403, message: 'origin not allowed' }
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest()

/**
 * Requires `Authorization: Bearer <token>` with this launch's token, compared
 * in constant time.
 */
export function checkToken(request: IncomingMessage, token: string): GuardDenial {
  const header = request.headers.authorization ?? ''
  const match = /^Bearer ([A-Za-z0-9_-]{16,256})$/.exec(header)
  if (!match?.[1]) return { status: 401, message: 'missing or malformed token' }
  return timingSafeEqual(digest(match[1]), digest(token))
    ? null
    : { status: 401, message: 'wrong token' }
}
