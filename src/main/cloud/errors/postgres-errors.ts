import { isError, makeError, type MediblockError } from '../../../shared/errors'
import { networkProblem, tlsProblem } from './network-errors'

/** What the messages name: the server in words, and the user and database asked for. */
export interface ServerContext {
  readonly where: string
  /** The user in words: `user mediblock`. */
  readonly user: string
  readonly database: string
}

/**
 * A PostgreSQL SQLSTATE as a coded error (also used for Aurora PostgreSQL
 * through the Data API, which reports the SQLSTATE of the database).
 */
export function fromSqlState(
  state: string,
  context: ServerContext,
  cause: unknown
): MediblockError {
  const info = { sqlState: state }
  const { where, user, database } = context
  if (state === '28P01' || state === '28000') {
    return makeError(
      `${where} refused ${user}: wrong password, or the user may not log in from here`,
      'UNAUTHENTICATED',
      info,
      cause
    )
  }
  if (state === '3D000') {
    return makeError(`${where} has no database named ${database}`, 'NOT_FOUND', info, cause)
  }
  if (state === '42501') {
    return makeError(
      `${user} lacks a privilege it needs in database ${database} on ${where}`,
      'FORBIDDEN',
      info,
      cause
    )
  }
  if (state === '42P01') {
    return makeError(
      `database ${database} on ${where} lacks a MediBlock table: its schema needs migrating`,
      'NOT_CONFIGURED',
      info,
      cause
    )
  }
  if (state === '23505') {
    return makeError(
      `${where} refused a duplicate record written at the same time by someone else; try again`,
      'CONFLICT',
      info,
      cause
    )
  }
  // Connection exceptions, shutdown, too many connections, lock timeouts,
  // serialization failures: the server is there but cannot serve now.
  if (/^(08|53|57|40|55)/.test(state)) {
    return makeError(
      `${where} cannot serve now (SQLSTATE ${state}); try again`,
      'UNAVAILABLE',
      info,
      cause
    )
  }
  return makeError(
    `${where} answered with an error (SQLSTATE ${state})`,
    'UNAVAILABLE',
    info,
    cause
  )
}

/** A node-postgres error as a coded one. */
export function classifyPostgres(error: unknown, context: ServerContext): MediblockError {
  if (isError(error)) return error
  const tls = tlsProblem(error)
  if (tls) return makeError(`cannot connect to ${context.where}: ${tls}`, 'UNAVAILABLE', {}, error)
  const network = networkProblem(error)
  if (network)
    return makeError(`cannot reach ${context.where}: ${network}`, 'UNAVAILABLE', {}, error)
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
    return fromSqlState(code, context, error)
  return makeError(`${context.where} failed unexpectedly; see the log`, 'UNAVAILABLE', {}, error)
}
