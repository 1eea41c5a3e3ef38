import { z } from 'zod'
import { channel, event } from './channel'
import { AppInfo, Diagnostics, Empty, SessionState } from './schemas'

/**
 * The IPC contract: every request the renderer (or any other face) may make
 * of the core. The preload bridge, the HTTP transport and the router are all
 * derived from this one table; nothing else defines the wire.
 *
 * Channels are named `domain:verb`.
 */
export const CHANNELS = {
  'app:info': channel({
    summary: 'Version, data dir and what this workstation has configured.',
    access: 'public',
    request: Empty,
    response: AppInfo
  }),
  'session:get': channel({
    summary: 'Who is logged in on this session, and whether it is locked.',
    access: 'public',
    request: Empty,
    response: SessionState
  }),
  'app:diagnostics': channel({
    summary: 'Process, versions, memory and log location, for admins.',
    access: ['admin'],
    request: Empty,
    response: Diagnostics
  })
} as const

/**
 * Push events from the core. In Electron they travel over
 * `webContents.send`; in browser mode over server-sent events.
 */
export const EVENTS = {
  'session:changed': event({
    summary: 'The session logged in, out, locked or unlocked.',
    payload: SessionState
  }),
  'app:closing': event({
    summary: 'The core is shutting down; the renderer should stop sending.',
    payload: z.object({ reason: z.string() })
  })
} as const

export type Channels = typeof CHANNELS
export type ChannelName = keyof Channels
export type ChannelRequest<C extends ChannelName> = z.input<Channels[C]['request']>
export type ChannelResponse<C extends ChannelName> = z.output<Channels[C]['response']>

export type Events = typeof EVENTS
export type EventName = keyof Events
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>

/** Every channel name, in table order. */
export const CHANNEL_NAMES = Object.keys(CHANNELS) as ChannelName[]

/** Every event name, in table order. */
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[]

/** `true` when `name` is a channel of the contract. */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.hasOwn(CHANNELS, name)
}

/** `true` when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name)
}
