import { EVENTS, type EventName, type EventPayload } from '../../shared/ipc/channels'

type Listener = (name: EventName, payload: unknown) => void

/**
 * The core's push events. Each face subscribes once and forwards what it
 * hears (Electron: `webContents.send`; browser mode: server-sent events).
 * Payloads are checked against the contract before anyone hears them.
 */
export class EventHub {
  readonly #listeners = new Set<Listener>()

  /** Hears every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const checked = EVENTS[name].payload.parse(payload)
    for (const listener of [...this.#listeners]) listener(name, checked)
  }

  /** How many listeners are attached (for tests and diagnostics). */
  get size(): number {
    return this.#listeners.size
  }
}
