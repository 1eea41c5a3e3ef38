import { makeError } from '../../shared/errors'

/** How long a node may take to answer a status or test question. */
export const NODE_TIMEOUT_MS = 3_000

/**
 * Asks an Ethereum node one JSON-RPC question and answers the result,
 * or throws `UNAVAILABLE` saying exactly what is wrong: unreachable (and
 * why), no answer in time, not an Ethereum node, or the node's own error.
 */
export async function nodeRpc(
  url: string,
  method: string,
  params: readonly unknown[] = [],
  timeoutMs = NODE_TIMEOUT_MS
): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs)
    })
  } catch (cause) {
    const why =
      (cause as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs / 1000} s`
        : ((cause as { cause?: { code?: string } }).cause?.code ?? 'connection failed')
    throw makeError(`cannot reach the Ethereum node at ${url} (${why})`, 'UNAVAILABLE', {}, cause)
  }
  let body: { result?: unknown; error?: { message?: unknown } }
  try {
    body = (await response.json()) as typeof body
  } catch (cause) {
    throw makeError(
      `${url} answered HTTP ${response.status}, not as an Ethereum JSON-RPC node`,
      'UNAVAILABLE',
      {},
      cause
    )
  }
  if (body.result === undefined) {
    const said = typeof body.error?.message === 'string' ? `: ${body.error.message}` : ''
    throw makeError(`${url} does not answer ${method} as an Ethereum node${said}`, 'UNAVAILABLE')
  }
  return body.result
}

/** A node's answer that is a hex quantity (a block number, a balance), as a bigint. */
export async function nodeQuantity(
  url: string,
  method: string,
  params: readonly unknown[] = [],
  timeoutMs = NODE_TIMEOUT_MS
): Promise<bigint> {
  const result = await nodeRpc(url, method, params, timeoutMs)
  if (typeof result !== 'string' || !/^0x[0-9a-f]+$/i.test(result)) {
    throw makeError(`${url} answered ${method} with something other than a number`, 'UNAVAILABLE')
  }
  return BigInt(result)
}
