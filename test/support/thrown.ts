/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): Error & { code?: string } {
  try {
    fn()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the call to throw, and it did not')
}
