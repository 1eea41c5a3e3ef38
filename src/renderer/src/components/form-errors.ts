import type { z } from 'zod'

type Issue = Parameters<z.core.$ZodErrorMap>[0]

/** Formats a zod format name in words. */
const FORMATS: Record<string, string> = {
  url: 'a web address such as https://node.example.org',
  date: 'a date as YYYY-MM-DD',
  email: 'an email address',
  uuid: 'an id'
}

/**
 * Validation messages in plain words for the forms. The contract's schemas
 * are shared with the core as they are; where a schema names its own
 * message (an address, a tid) that message wins, since zod prefers it.
 */
export function plainError(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') {
        return Number(issue.minimum) <= 1 ? 'Required.' : `At least ${issue.minimum} characters.`
      }
      if (issue.origin === 'number') return `At least ${issue.minimum}.`
      return undefined
    case 'too_big':
      if (issue.origin === 'string') return `At most ${issue.maximum} characters.`
      if (issue.origin === 'number') return `At most ${issue.maximum}.`
      return undefined
    case 'invalid_type':
      return issue.input === undefined || issue.input === '' ? 'Required.' : 'Not valid here.'
    case 'invalid_format':
      return `Give ${FORMATS[issue.format] ?? 'a valid value'}.`
    case 'invalid_value':
      return 'Choose one of the options.'
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
    case 'not_multiple_of':
    case 'unrecognized_keys':
      return undefined
  }
}

/** `zodResolver`'s parse options with {@link plainError}. */
export const PLAIN_ERRORS = { error: plainError } as const
