import { describe, expect, it } from 'vitest'
import { LoginGuard } from '../../../src/main/workstation/login-guard'

describe('LoginGuard', () => {
  it('lets five failures in a row pass, then makes the user wait, doubling up to a ceiling', () => {
    let now = 0
    const guard = new LoginGuard({ now: () => now })
    for (let i = 0; i < 4; i++) {
      guard.check('nina')
      guard.failed('nina')
    }
    guard.check('nina')
    expect(guard.failed('nina')).toBe(5)
    expect(() => guard.check('nina')).toThrow(
      expect.objectContaining({
        code: 'RATE_LIMITED',
        message: 'too many failed attempts: try again in 30 s'
      })
    )
    // Others are not held up.
    guard.check('dora')
    now += 30_000
    guard.check('nina')
    guard.failed('nina')
    expect(() => guard.check('nina')).toThrow(/try again in 60 s/)
    for (let i = 0; i < 20; i++) guard.failed('nina')
    expect(() => guard.check('nina')).toThrow(/try again in 900 s/)
  })

  it('forgets the failures after a success', () => {
    const guard = new LoginGuard({ freeAttempts: 1 })
    guard.failed('nina')
    expect(() => guard.check('nina')).toThrow(/try again/)
    guard.succeeded('nina')
    guard.check('nina')
  })
})
