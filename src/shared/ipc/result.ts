import type { ErrorPayload } from '../errors'

/** What every call answers, on every transport. */
export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload }
