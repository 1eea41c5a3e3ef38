import { makeError, toErrorPayload, type ErrorPayload } from '../../shared/errors'
import { checkAccess } from '../../shared/ipc/access'
import { CHANNELS, isChannelName, type ChannelName } from '../../shared/ipc/channels'
import type { RpcResult } from '../../shared/ipc/result'
import type { App } from '../core/create-app'
import type { Session } from '../core/session'
import { checkStillEnabled } from '../workstation/sessions'
import { HANDLERS, type Handlers } from './handlers'

/** Calls one channel for one session; never throws. */
export type Router = (
  session: Session,
  channel: string,
  payload: unknown
) => Promise<RpcResult<unknown>>

export interface RouterOptions {
  /**
   * Check every response against the contract too. On in development and
   * tests, where a mismatch is a bug to find early; off in builds.
   */
  readonly validateResponses?: boolean
  /** Replaces the handler table (tests). */
  readonly handlers?: Handlers
}

/** A one-line summary of schema issues, without echoing the values sent. */
function describeIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[]
): string {
  return issues
    .slice(0, 3)
    .map(
      (issue) => (issue.path.length ? `${issue.path.map(String).join('.')}: ` : '') + issue.message
    )
    .join('; ')
}

/**
 * The one entry point from any face into the core: validates the payload
 * against the contract, checks the session's role, calls the handler and
 * answers `{ok, value}` or `{ok: false, error: {code, message}}`.
 */
export function createRouter(app: App, options: RouterOptions = {}): Router {
  const handlers = options.handlers ?? HANDLERS
  const validateResponses = options.validateResponses ?? import.meta.env.DEV

  const fail = (error: ErrorPayload): RpcResult<never> => ({ ok: false, error })

  return async (session, channel, payload) => {
    if (!isChannelName(channel)) {
      return fail({ code: 'UNKNOWN_CHANNEL', message: `no such channel: ${channel.slice(0, 64)}` })
    }
    const spec = CHANNELS[channel]
    const denial = checkAccess(spec.access, session.user?.role ?? null)
    if (denial === 'UNAUTHENTICATED') {
      return fail({ code: denial, message: `${channel} needs a logged-in user` })
    }
    if (denial === 'FORBIDDEN') {
      return fail({ code: denial, message: `your role may not use ${channel}` })
    }
    if (session.locked && spec.access !== 'public' && spec.whileLocked !== true) {
      return fail({ code: 'LOCKED', message: 'the session is locked: unlock it first' })
    }
    const parsed = spec.request.safeParse(payload)
    if (!parsed.success) {
      const [first] = parsed.error.issues
      return fail({
        code: 'INVALID_ARGUMENT',
        message: `bad request for ${channel}: ${describeIssues(parsed.error.issues)}`,
        ...(first?.path.length ? { field: first.path.map(String).join('.') } : {})
      })
    }
    const started = performance.now()
    try {
      // A user disabled since logging in is logged out here.
      if (spec.access !== 'public') await checkStillEnabled(app, session)
      const handler = handlers[channel] as (
        context: { app: App; session: Session },
        request: unknown
      ) => unknown
      let value = await handler({ app, session }, parsed.data)
      if (validateResponses) {
        const checked = spec.response.safeParse(value)
        if (!checked.success) {
          throw makeError(`response of ${channel} breaks the contract`, 'INTERNAL', {
            issues: describeIssues(checked.error.issues)
          })
        }
        value = checked.data
      }
      app.log.debug(
        { channel: channel satisfies ChannelName, ms: performance.now() - started },
        'rpc'
      )
      return { ok: true, value }
    } catch (error) {
      const payloadOut = toErrorPayload(error)
      // The log gets the detail (never the request: it may hold PHI); the
      // caller gets the code and a message for a person.
      app.log[payloadOut.code === 'INTERNAL' ? 'error' : 'warn'](
        { channel, code: payloadOut.code, err: error },
        'rpc failed'
      )
      return fail(payloadOut)
    }
  }
}
