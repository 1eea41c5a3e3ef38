import { isErrorPayload, MediblockError } from '../../../shared/errors'
import {
  isEventName,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type EventName
} from '../../../shared/ipc/channels'
import type { RpcResult } from '../../../shared/ipc/result'
import { unwrap, type CoreClient } from './core-client'
import { createSseParser } from './sse-parser'

type Listener = (payload: unknown) => void

/** Delays before reconnecting the event stream, in ms; the last repeats. */
const RECONNECT_DELAYS = [500, 1000, 2000, 5000]

/**
 * Browser mode: `POST /rpc/<channel>` with the per-launch token, and one
 * `GET /events` stream (read with fetch, so the token travels in a header,
 * never in a URL) for push events.
 */
export function createHttpClient(token: string, base = ''): CoreClient {
  const headers = { Authorization: `Bearer ${token}` }
  const listeners = new Map<EventName, Set<Listener>>()
  let streaming = false

  async function stream(): Promise<void> {
    let attempt = 0
    for (;;) {
      try {
        const response = await fetch(`${base}/events`, { headers, cache: 'no-store' })
        if (response.status === 401) return
        if (!response.ok || !response.body) throw new Error(`events: HTTP ${response.status}`)
        attempt = 0
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
        const parse = createSseParser()
        for (;;) {
          const { value, done } = await reader.read()
          if (done) break
          for (const message of parse(value)) {
            if (!isEventName(message.event)) continue
            const payload: unknown = JSON.parse(message.data)
            for (const listener of listeners.get(message.event) ?? []) listener(payload)
          }
        }
      } catch {
        // The core is gone or restarting; try again below.
      }
      const delay = RECONNECT_DELAYS[Math.min(attempt++, RECONNECT_DELAYS.length - 1)]
      await new Promise((resolve) => setTimeout(resolve, delay))
    }
  }

  return {
    transport: 'http',
    async call<C extends ChannelName>(channel: C, request: ChannelRequest<C>) {
      let response: Response
      try {
        response = await fetch(`${base}/rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
          cache: 'no-store'
        })
      } catch {
        throw new MediblockError('UNAVAILABLE', 'MediBlock is not running. Start it again.')
      }
      const body = (await response.json().catch(() => null)) as RpcResult<ChannelResponse<C>> | null
      if (body && (body.ok || isErrorPayload(body.error))) return unwrap(body)
      throw new MediblockError(
        'INTERNAL',
        `unexpected answer from MediBlock (HTTP ${response.status})`
      )
    },
    on(event, listener) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(listener as Listener)
      if (!streaming) {
        streaming = true
        void stream()
      }
      return () => {
        set.delete(listener as Listener)
      }
    }
  }
}
