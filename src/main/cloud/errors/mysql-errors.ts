import { isError, makeError, type MediblockError } from '../../../shared/errors'
import { networkProblem, tlsProblem } from './network-errors'
import type { ServerContext } from './postgres-errors'

/** MySQL/MariaDB server error numbers and what they mean here. */
const ACCESS_DENIED = 1045
const DB_ACCESS_DENIED = 1044
const BAD_DB = 1049
const NO_SUCH_TABLE = 1146
const DUP_ENTRY = 1062
const PRIVILEGES = new Set([1142, 1143, 1227, 1370])
const TRANSIENT = new Set([1040, 1053, 1205, 1213, 2002, 2003, 2006, 2013])

/** A mysql2 error as a coded one. */
export function classifyMysql(error: unknown, context: ServerContext): MediblockError {
  if (isError(error)) return error
  const { where, user, database } = context
  const tls = tlsProblem(error)
  if (tls) return makeError(`cannot connect to ${where}: ${tls}`, 'UNAVAILABLE', {}, error)
  const errno = (error as { errno?: unknown } | null)?.errno
  const info = { errno }
  if (errno === ACCESS_DENIED) {
    return makeError(
      `${where} refused ${user}: wrong password, or the user may not log in from here`,
      'UNAUTHENTICATED',
      info,
      error
    )
  }
  if (errno === BAD_DB) {
    return makeError(`${where} has no database named ${database}`, 'NOT_FOUND', info, error)
  }
  if (errno === DB_ACCESS_DENIED) {
    // MySQL says this for a database that does not exist, too, when the user
    // could not see it anyway.
    return makeError(
      `${user} may not use database ${database} on ${where} (or it does not exist)`,
      'FORBIDDEN',
      info,
      error
    )
  }
  if (typeof errno === 'number' && PRIVILEGES.has(errno)) {
    return makeError(
      `${user} lacks a privilege it needs in database ${database} on ${where}`,
      'FORBIDDEN',
      info,
      error
    )
  }
  if (errno === NO_SUCH_TABLE) {
    return makeError(
      `database ${database} on ${where} lacks a MediBlock table: its schema needs migrating`,
      'NOT_CONFIGURED',
      info,
      error
    )
  }
  if (errno === DUP_ENTRY) {
    return makeError(
      `${where} refused a duplicate record written at the same time by someone else; try again`,
      'CONFLICT',
      info,
      error
    )
  }
  const network = networkProblem(error)
  if (network) return makeError(`cannot reach ${where}: ${network}`, 'UNAVAILABLE', info, error)
  if (typeof errno === 'number' && TRANSIENT.has(errno)) {
    return makeError(
      `${where} cannot serve now (error ${errno}); try again`,
      'UNAVAILABLE',
      info,
      error
    )
  }
  return makeError(
    `${where} answered with an error${typeof errno === 'number' ? ` (error ${errno})` : ''}`,
    'UNAVAILABLE',
    info,
    error
  )
}
