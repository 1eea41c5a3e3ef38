import { readFileSync } from 'node:fs'
import { makeError } from '../../../shared/errors'
import type { ServerTarget } from '../cloud-target'

/** The TLS options both server drivers take. */
export interface ServerTlsOptions {
  readonly rejectUnauthorized: boolean
  readonly ca?: Buffer
  /** The name the certificate must carry (SNI); the host when it is a name. */
  readonly servername?: string
}

/**
 * Node TLS options for a server target: `undefined` for `off`; encryption
 * without certificate checks for `no-verify`; otherwise the certificate is
 * checked against the CA file (or the system's CAs) and the host name.
 */
export function serverTlsOptions(target: ServerTarget): ServerTlsOptions | undefined {
  const { mode, caFile } = target.tls
  if (mode === 'off') return undefined
  if (mode === 'no-verify') return { rejectUnauthorized: false }
  const name = servername(target.host)
  const checked = { rejectUnauthorized: true, ...(name ? { servername: name } : {}) }
  if (!caFile) return checked
  let ca: Buffer
  try {
    ca = readFileSync(caFile)
  } catch (cause) {
    throw makeError(`cannot read the TLS CA file ${caFile}`, 'NOT_CONFIGURED', { caFile }, cause)
  }
  return { ...checked, ca }
}

/** SNI takes a name, never an IP address. */
function servername(host: string): string | undefined {
  return /^[\d.]+$/.test(host) || host.includes(':') ? undefined : host
}
