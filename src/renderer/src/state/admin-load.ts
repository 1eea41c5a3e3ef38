import type { CoreClient } from '../client/core-client'
import { messageOf } from './errors'
import type { Store } from './store'

/**
 * Something an admin screen shows from the core: the last answer (kept
 * while a refresh runs, so the screen does not blank), the core's sentence
 * when the last try failed, and whether a try is running (for progress).
 */
export interface Loadable<T> {
  value: T | null
  error: string | null
  loading: boolean
}

export const NOT_LOADED: Loadable<never> = { value: null, error: null, loading: false }

/** The store's keys that hold a {@link Loadable}. */
export type LoadableKey = {
  [K in keyof Store]: Store[K] extends Loadable<unknown> ? K : never
}[keyof Store]

type ValueOf<K extends LoadableKey> = NonNullable<Store[K]['value']>

type Set = (partial: Partial<Store>) => void

/** Asks the core through `fetch` and keeps the answer (or the error) in `key`. */
export async function refreshInto<K extends LoadableKey>(
  set: Set,
  get: () => Store,
  key: K,
  fetch: (client: CoreClient) => Promise<ValueOf<K>>
): Promise<void> {
  const { client } = get()
  if (!client) return
  const write = (patch: Partial<Loadable<ValueOf<K>>>) =>
    set({ [key]: { ...get()[key], ...patch } })
  write({ loading: true })
  try {
    write({ value: await fetch(client), error: null, loading: false })
  } catch (error) {
    write({ error: messageOf(error), loading: false })
  }
}

/** The client, or an error a screen shows when there is none yet. */
export function clientOf(get: () => Store): CoreClient {
  const { client } = get()
  if (!client) throw new Error('MediBlock is not connected yet')
  return client
}
