import type { z } from 'zod'
import type { Role } from '../roles'

/**
 * Who may call a channel: anyone (`'public'`, used before login), any
 * logged-in user (`'user'`), or only the listed roles.
 */
export type Access = 'public' | 'user' | readonly Role[]

/** One IPC channel: its schemas, who may call it and what it does. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  /** One line for `--help`-style listings and docs. */
  readonly summary: string
  readonly access: Access
  /**
   * Callable while the session is locked (besides public channels): what the
   * lock screen needs. Everything else answers `LOCKED` until `session:unlock`.
   */
  readonly whileLocked?: boolean
  readonly request: Req
  readonly response: Res
}

/** Declares a channel; exists only so TypeScript keeps the literal types. */
export function channel<Req extends z.ZodType, Res extends z.ZodType>(
  spec: ChannelSpec<Req, Res>
): ChannelSpec<Req, Res> {
  return spec
}

/** One push event from the core to the renderer. */
export interface EventSpec<Payload extends z.ZodType = z.ZodType> {
  readonly summary: string
  readonly payload: Payload
}

/** Declares an event; exists only so TypeScript keeps the literal types. */
export function event<Payload extends z.ZodType>(spec: EventSpec<Payload>): EventSpec<Payload> {
  return spec
}
