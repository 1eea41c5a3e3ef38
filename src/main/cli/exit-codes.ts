/** Exit codes of `mediblock`; automation branches on them. */
export const EXIT = {
  /** Done, and every check passed. */
  OK: 0,
  /** Ran, and a check failed (for example `verify` found problems). */
  CHECK_FAILED: 1,
  /** Could not run: bad usage, bad input, or a runtime error. */
  ERROR: 2
} as const

export type ExitCode = (typeof EXIT)[keyof typeof EXIT]
