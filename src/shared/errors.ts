/**
 * Coded errors, in the style of ethers v6's `makeError`/`assert`: every error
 * that crosses a boundary (IPC, HTTP, CLI) carries a stable `code` that
 * callers branch on, and a message meant for a person. Stack traces, SQL and
 * internal details never cross.
 */

/** Every code an error may carry across a boundary. */
export const ERROR_CODES = [
  /** The request does not match the channel's schema. */
  'INVALID_ARGUMENT',
  /** No such channel. */
  'UNKNOWN_CHANNEL',
  /** The channel needs a logged-in user. */
  'UNAUTHENTICATED',
  /** The session's role may not call the channel. */
  'FORBIDDEN',
  /** A login or unlock with a wrong username or password (never says which). */
  'WRONG_PASSWORD',
  /** Too many failed logins for a user: wait before trying again. */
  'RATE_LIMITED',
  /** The session is locked: unlock it first (`session:unlock`). */
  'LOCKED',
  /** The thing asked for does not exist. */
  'NOT_FOUND',
  /** The request conflicts with current state (already exists, wrong state). */
  'CONFLICT',
  /** A needed service (node, cloud, keychain) cannot be reached. */
  'UNAVAILABLE',
  /** The feature is not configured on this workstation yet. */
  'NOT_CONFIGURED',
  /** A bug: the core broke its own contract. Details go to the log only. */
  'INTERNAL'
] as const

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number]

/** What an error looks like on the wire. */
export interface ErrorPayload {
  code: ErrorCode
  message: string
  /**
   * The request's field at fault, as a dotted path (`attributes.heartRate`),
   * when the error is about one: a form puts the message on that field.
   */
  field?: string
}

/** An error with a stable code and optional structured detail for logs. */
export class MediblockError extends Error {
  readonly code: ErrorCode
  /** Extra facts for the log; never sent across a boundary. */
  readonly info: Readonly<Record<string, unknown>> | undefined
  /** See {@link ErrorPayload.field}; crosses the boundary. */
  readonly field: string | undefined

  constructor(
    code: ErrorCode,
    message: string,
    info?: Record<string, unknown>,
    options?: { cause?: unknown; field?: string | undefined }
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'MediblockError'
    this.code = code
    this.info = info
    this.field = options?.field
  }

  /** The part of this error that may cross a boundary. */
  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message }
    if (this.field !== undefined) payload.field = this.field
    return payload
  }

  /** Rebuilds the error a payload describes, on the other side of the boundary. */
  static fromPayload(payload: ErrorPayload): MediblockError {
    return new MediblockError(payload.code, payload.message, undefined, { field: payload.field })
  }
}

/** Builds a {@link MediblockError}; mirrors ethers' `makeError`. */
export function makeError(
  message: string,
  code: ErrorCode,
  info?: Record<string, unknown>,
  cause?: unknown
): MediblockError {
  return new MediblockError(code, message, info, cause === undefined ? undefined : { cause })
}

/** An `INVALID_ARGUMENT` about one field of the request (see {@link ErrorPayload.field}). */
export function fieldError(
  message: string,
  field: string,
  info?: Record<string, unknown>
): MediblockError {
  return new MediblockError('INVALID_ARGUMENT', message, info, { field })
}

/** Throws a coded error unless `check` holds; mirrors ethers' `assert`. */
export function assert(
  check: unknown,
  message: string,
  code: ErrorCode,
  info?: Record<string, unknown>
): asserts check {
  if (!check) throw makeError(message, code, info)
}

/** `true` for a {@link MediblockError} carrying `code` (any code if omitted). */
export function isError(error: unknown, code?: ErrorCode): error is MediblockError {
  return error instanceof MediblockError && (code === undefined || error.code === code)
}

/** `true` when `value` is a well-formed {@link ErrorPayload}. */
export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false
  const { code, message, field } = value as Record<string, unknown>
  return (
    typeof message === 'string' &&
    (field === undefined || typeof field === 'string') &&
    typeof code === 'string' &&
    (ERROR_CODES as readonly string[]).includes(code)
  )
}

/**
 * Turns anything thrown into a payload that is safe to send. Coded errors keep
 * their code and message; anything else is an internal error whose details
 * stay in the log.
 */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof MediblockError) return error.toPayload()
  return { code: 'INTERNAL', message: 'Internal error; see the log for details.' }
}
