import { isError } from '../../../shared/errors'

/** A thrown error as one sentence for a person (coded errors carry one already). */
export function messageOf(error: unknown): string {
  if (isError(error)) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
