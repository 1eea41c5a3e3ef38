import { describe, expect, it } from 'vitest'
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, retryAt } from '../../../src/main/sync/backoff'

describe('retryAt', () => {
  const now = new Date('2026-11-25T12:00:00.000Z')
  const wait = (attempts: number, random: number) =>
    retryAt(attempts, now, () => random).getTime() - now.getTime()

  it('doubles the wait with each failure, from 2 s up to 5 min', () => {
    const upper = [1, 2, 3, 4, 10, 30].map((a) => wait(a, 1))
    expect(upper).toEqual([2_000, 4_000, 8_000, 16_000, BACKOFF_CAP_MS, BACKOFF_CAP_MS])
  })

  it('jitters within the upper half of the wait, so workstations do not return together', () => {
    expect(wait(1, 0)).toBe(BACKOFF_BASE_MS / 2)
    expect(wait(3, 0.5)).toBe(6_000)
    const spread = new Set(Array.from({ length: 50 }, () => retryAt(5, now).getTime()))
    expect(spread.size).toBeGreaterThan(1)
    for (const at of spread) {
      expect(at - now.getTime()).toBeGreaterThanOrEqual(16_000)
      expect(at - now.getTime()).toBeLessThanOrEqual(32_000)
    }
  })
})
