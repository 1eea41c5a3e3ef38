/** What a network or TLS failure means, in words; `undefined` when `error` is neither. */

const NETWORK_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (is the server running, and is the port right?)',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found (DNS did not answer)',
  ETIMEDOUT: 'no answer in time',
  ESOCKETTIMEDOUT: 'no answer in time',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  PROTOCOL_CONNECTION_LOST: 'the server closed the connection',
  PROTOCOL_SEQUENCE_TIMEOUT: 'no answer in time'
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'ERR_TLS_CERT_ALTNAME_INVALID'
])

const UNTRUSTED_MESSAGE =
  /self[- ]signed certificate( in certificate chain)?|unable to (verify|get) [a-z ]*certificate|certificate has expired|certificate is not yet valid|Hostname\/IP does not match certificate's altnames/i

interface ErrorLike {
  readonly code?: unknown
  readonly message?: unknown
  readonly errors?: unknown
}

const codeOf = (error: unknown): string | undefined => {
  const code = (error as ErrorLike | null)?.code
  if (typeof code === 'string') return code
  // Node's happy-eyeballs connect reports every address's failure together.
  const inner = (error as ErrorLike | null)?.errors
  return Array.isArray(inner) ? codeOf(inner[0]) : undefined
}

const messageOf = (error: unknown): string => {
  const message = (error as ErrorLike | null)?.message
  return typeof message === 'string' ? message : ''
}

/** A network failure to reach a server, in words. */
export function networkProblem(error: unknown): string | undefined {
  const code = codeOf(error)
  if (code && NETWORK_CODES[code]) return NETWORK_CODES[code]
  const message = messageOf(error)
  if (/connection timeout|timeout expired|timed out/i.test(message)) return 'no answer in time'
  if (/Connection terminated unexpectedly/i.test(message)) return 'the server closed the connection'
  return undefined
}

/** A TLS failure, in words with what to do about it. */
export function tlsProblem(error: unknown): string | undefined {
  const code = codeOf(error)
  const message = messageOf(error)
  // mysql2 reports Node's TLS error as HANDSHAKE_SSL_ERROR with its message.
  const untrusted = code && TLS_CODES.has(code) ? code : UNTRUSTED_MESSAGE.exec(message)?.[0]
  if (untrusted) {
    return `its TLS certificate is not trusted (${untrusted}); give the CA that signed it (--tls-ca FILE)`
  }
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT' || /does not support SSL/i.test(message)) {
    return 'it does not offer TLS'
  }
  if (/certificate|self[- ]signed|SSL routines|wrong version number/i.test(message)) {
    return 'the TLS handshake failed'
  }
  return undefined
}
