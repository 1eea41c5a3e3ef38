import { z } from 'zod'
import { event } from './channel'
import { ADMIN_CHANNELS } from './channels/admin'
import { APP_CHANNELS } from './channels/app'
import { AUDIT_CHANNELS } from './channels/audit'
import { CLINICAL_CHANNELS } from './channels/clinical'
import { SESSION_CHANNELS } from './channels/session'
import { SETUP_CHANNELS } from './channels/setup'
import { STATUS_CHANNELS } from './channels/status'
import { AuditProgress, RecordChanged, SessionState, WorkstationStatus } from './schemas'

/**
 * The IPC contract: every request the renderer (or any other face) may make
 * of the core. The preload bridge, the HTTP transport and the router are all
 * derived from this one table; nothing else defines the wire. The table is
 * written one domain per file under `channels/`; docs/IPC.md is generated
 * from it (`node scripts/ipc-doc.mjs`).
 *
 * Channels are named `domain:verb`.
 */
export const CHANNELS = {
  ...APP_CHANNELS,
  ...SETUP_CHANNELS,
  ...SESSION_CHANNELS,
  ...CLINICAL_CHANNELS,
  ...ADMIN_CHANNELS,
  ...STATUS_CHANNELS,
  ...AUDIT_CHANNELS
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
  'record:changed': event({
    summary:
      "A record's state moved: its ACK (on chain, or refused and why), synced, or back in the queue.",
    payload: RecordChanged
  }),
  'status:changed': event({
    summary: 'What the status bar shows changed (node or cloud up or down, queue, last sync).',
    payload: WorkstationStatus
  }),
  'audit:progress': event({
    summary: 'A running audit:verify or audit:report has looked at this many records so far.',
    payload: AuditProgress
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
