import { describe, expect, it } from 'vitest'
import { anchorDecision, type AnchorPolicy } from '../../../src/main/audit/anchor-policy'

const POLICY: AnchorPolicy = { enabled: true, everyEntries: 100, maxAgeMinutes: 60 }
const NOW = new Date('2026-01-01T12:00:00.000Z')
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString()

describe('anchoring policy', () => {
  it('anchors once N entries are unanchored', () => {
    const log = (entries: number, anchored: number) => ({
      entries,
      anchored,
      oldestUnanchoredAt: minutesAgo(1)
    })
    expect(anchorDecision(POLICY, log(99, 0), NOW).due).toBe(false)
    expect(anchorDecision(POLICY, log(100, 0), NOW)).toEqual({
      due: true,
      why: '100 entries unanchored (every 100)'
    })
    expect(anchorDecision(POLICY, log(250, 150), NOW).due).toBe(true)
    expect(anchorDecision(POLICY, log(249, 150), NOW).due).toBe(false)
  })

  it('anchors a quiet log once its oldest unanchored entry is T old', () => {
    const log = (age: number) => ({ entries: 3, anchored: 1, oldestUnanchoredAt: minutesAgo(age) })
    expect(anchorDecision(POLICY, log(59), NOW)).toEqual({
      due: false,
      why: '2 of 100 entries, 59 of 60 min'
    })
    expect(anchorDecision(POLICY, log(60), NOW)).toMatchObject({ due: true })
    expect(anchorDecision(POLICY, log(60 * 24), NOW).why).toMatch(/1440 min old/)
  })

  it('never anchors when nothing is new, however old the last anchor', () => {
    expect(
      anchorDecision(POLICY, { entries: 5, anchored: 5, oldestUnanchoredAt: null }, NOW)
    ).toEqual({ due: false, why: 'every entry is anchored' })
    expect(
      anchorDecision(POLICY, { entries: 0, anchored: 0, oldestUnanchoredAt: null }, NOW).due
    ).toBe(false)
  })

  it('leaves it to `audit anchor` when anchoring on its own is off', () => {
    const off = { ...POLICY, enabled: false }
    expect(
      anchorDecision(off, { entries: 500, anchored: 0, oldestUnanchoredAt: minutesAgo(600) }, NOW)
    ).toEqual({ due: false, why: 'anchoring on its own is off' })
  })

  it('anchors rather than waits when the oldest unanchored entry has no readable time', () => {
    expect(
      anchorDecision(POLICY, { entries: 2, anchored: 1, oldestUnanchoredAt: 'garbage' }, NOW).due
    ).toBe(true)
  })
})
