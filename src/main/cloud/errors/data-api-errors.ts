import { isError, makeError, type MediblockError } from '../../../shared/errors'
import { networkProblem } from './network-errors'
import { fromSqlState } from './postgres-errors'

/** What the Data API messages name. */
export interface DataApiContext {
  readonly where: string
  readonly database: string
  readonly secretArn: string
}

const AWS_AUTH = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'InvalidClientTokenId',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException'
])
const AWS_FORBIDDEN = new Set(['AccessDeniedException', 'ForbiddenException'])
const AWS_NOT_FOUND = new Set(['DatabaseNotFoundException', 'NotFoundException'])
const AWS_TRANSIENT = new Set([
  'DatabaseUnavailableException',
  'DatabaseResumingException',
  'ServiceUnavailableError',
  'InternalServerErrorException',
  'ThrottlingException',
  'StatementTimeoutException',
  'TransactionNotFoundException',
  'TimeoutError'
])

/** An @aws-sdk/client-rds-data error as a coded one. */
export function classifyDataApi(error: unknown, context: DataApiContext): MediblockError {
  if (isError(error)) return error
  const { where, database, secretArn } = context
  const name = (error as { name?: unknown } | null)?.name
  const raw = (error as { message?: unknown } | null)?.message
  const message = typeof raw === 'string' ? raw : ''
  const info = { name }
  if (name === 'CredentialsProviderError') {
    return makeError(
      `no AWS credentials for ${where}: set an access key (mediblock cloud set --access-key-id) or the AWS environment`,
      'UNAUTHENTICATED',
      info,
      error
    )
  }
  if (typeof name === 'string' && AWS_AUTH.has(name)) {
    return makeError(
      `AWS refused the access key for ${where} (${name})`,
      'UNAUTHENTICATED',
      info,
      error
    )
  }
  if (typeof name === 'string' && AWS_FORBIDDEN.has(name)) {
    return makeError(
      `the AWS credentials may not use ${where} or its secret (${name})`,
      'FORBIDDEN',
      info,
      error
    )
  }
  if (name === 'SecretsErrorException' || name === 'InvalidSecretException') {
    return makeError(
      `${where} cannot use the database secret ${secretArn} (${name})`,
      'UNAUTHENTICATED',
      info,
      error
    )
  }
  if (name === 'HttpEndpointNotEnabledException') {
    return makeError(
      `the cluster has no Data API enabled (${where})`,
      'NOT_CONFIGURED',
      info,
      error
    )
  }
  if (typeof name === 'string' && AWS_NOT_FOUND.has(name)) {
    return makeError(`${where}: no such cluster (${name})`, 'NOT_FOUND', info, error)
  }
  // Errors of the database itself come back as BadRequestException (login)
  // or DatabaseErrorException, with PostgreSQL's message and SQLSTATE.
  const dbContext = { where, user: "the secret's user", database }
  if (/password authentication failed/i.test(message))
    return fromSqlState('28P01', dbContext, error)
  const state = /SQLState: ([0-9A-Z]{5})/.exec(message)?.[1]
  if (state) return fromSqlState(state, dbContext, error)
  if (/database "[^"]*" does not exist/i.test(message))
    return fromSqlState('3D000', dbContext, error)
  const network = networkProblem(error)
  if (network) return makeError(`cannot reach ${where}: ${network}`, 'UNAVAILABLE', info, error)
  if (typeof name === 'string' && AWS_TRANSIENT.has(name)) {
    return makeError(`${where} cannot serve now (${name}); try again`, 'UNAVAILABLE', info, error)
  }
  return makeError(
    `${where} answered with an error${typeof name === 'string' ? ` (${name})` : ''}`,
    'UNAVAILABLE',
    info,
    error
  )
}
