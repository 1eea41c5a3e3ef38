import { MantineProvider } from '@mantine/core'
import { act, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { VerificationBadge } from '../../src/renderer/src/components/RecordStatus'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import type { Badge } from '../../src/shared/ipc/schemas'
import { record } from './fixtures'
import { coded, fakeClient } from './fake-client'
import { logOut, renderPatientPage } from './patient-fixtures'
import { revealOffscreen } from './setup'

afterEach(() => {
  vi.useRealTimers()
  logOut()
})

const PROBLEM: Badge = {
  state: 'problem',
  kind: 'modified',
  detail: 'the cloud row differs from what the chain anchors: clinicianSeq',
  checkedAt: '2026-01-02T11:00:00.000Z'
}

const problemBadge = () => screen.findByText(/Problem found: changed in the cloud/)

describe('the verification badge on the timeline', () => {
  it('checks a record on chain when it is shown, and names the problem with its detail', async () => {
    const synced = record({ state: 'synced', badge: { state: 'verified', checkedAt: 'x' } })
    const queued = record({ state: 'queued' })
    const client = await renderPatientPage('doctor', [synced, queued], {
      'records:verify': () => PROBLEM
    })
    const badge = await problemBadge()
    // The detail is read out with the badge, not only shown on hover.
    expect(badge.closest('[data-verification]')?.textContent).toContain(PROBLEM.detail)
    expect(badge.closest('[data-verification]')?.getAttribute('data-kind')).toBe('modified')
    // Only the record on chain was asked about; a queued one has nothing to verify yet.
    expect(client.callsTo('records:verify')).toEqual([{ tid: synced.tid }])
    expect(useStore.getState().badges[synced.tid]).toEqual(PROBLEM)
  })

  it('asks again while the record is on screen when a check failed (the node was starting, say)', async () => {
    const synced = record({ state: 'synced' })
    let calls = 0
    const client = await renderPatientPage('doctor', [synced], {
      'records:verify': () => {
        calls++
        if (calls === 1) throw coded('UNAVAILABLE', 'the Ethereum node does not answer')
        return PROBLEM
      }
    })
    // No reload, no scroll: the second try, 2 s later, names the problem.
    await screen.findByText(/Problem found: changed in the cloud/, undefined, { timeout: 10_000 })
    expect(client.callsTo('records:verify')).toEqual([{ tid: synced.tid }, { tid: synced.tid }])
    expect(useStore.getState().badgeRetries[synced.tid]).toBeUndefined()
  })

  it('asks once per display, not on every render, and again when the record moves on', async () => {
    const anchored = record({ state: 'anchored' })
    const client = await renderPatientPage('nurse', [anchored], {
      'records:verify': () => ({
        state: 'pending',
        detail: 'on chain, not in the cloud yet',
        checkedAt: '2026-01-02T11:00:00.000Z'
      })
    })
    await screen.findByText('Verification pending')
    // Other records arriving re-render the timeline; this one is not asked about again.
    act(() => useStore.getState().applyRecordChange({ ...changeOf(anchored), state: 'anchored' }))
    act(() => useStore.setState({ known: { ...useStore.getState().known } }))
    expect(client.callsTo('records:verify')).toHaveLength(1)
    // Synced now: worth checking again.
    act(() => useStore.getState().applyRecordChange(changeOf(anchored)))
    await vi.waitFor(() => expect(client.callsTo('records:verify')).toHaveLength(2))
  })

  it('checks a record only once it is on screen', async () => {
    const synced = record({ state: 'synced' })
    const client = fakeClient({ 'records:verify': () => PROBLEM })
    act(() =>
      useStore.setState({
        client,
        timelines: {
          'p-1': { items: [synced], nextCursor: null, loading: false, error: null }
        }
      })
    )
    render(
      <MantineProvider theme={theme} env="test">
        <div data-offscreen>
          <VerificationBadge tid={synced.tid} badge={synced.badge} />
        </div>
      </MantineProvider>
    )
    // Below the fold: nothing asked.
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(client.callsTo('records:verify')).toEqual([])
    // Scrolled into view: checked, and the answer shown.
    act(() => revealOffscreen())
    await problemBadge()
    expect(client.callsTo('records:verify')).toEqual([{ tid: synced.tid }])
  })

  it('asks a few at a time for a long timeline, and each record once', async () => {
    const items = Array.from({ length: 12 }, () => record({ state: 'synced' }))
    let running = 0
    let most = 0
    const client = await renderPatientPage('doctor', items, {
      'records:verify': async () => {
        most = Math.max(most, ++running)
        await new Promise((resolve) => setTimeout(resolve, 5))
        running--
        return { state: 'verified', checkedAt: '2026-01-02T11:00:00.000Z' }
      }
    })
    await vi.waitFor(() => expect(screen.getAllByText('Verified')).toHaveLength(12), {
      timeout: 10_000
    })
    expect(most).toBeLessThanOrEqual(2)
    expect(
      new Set(client.callsTo('records:verify').map((r) => (r as { tid: string }).tid)).size
    ).toBe(12)
    expect(client.callsTo('records:verify')).toHaveLength(12)
  })

  it('takes problems from an audit too, and forgets every badge at logout', async () => {
    const synced = record({ state: 'synced' })
    await renderPatientPage('doctor', [synced], {
      'records:verify': () => ({ state: 'verified', checkedAt: '2026-01-02T11:00:00.000Z' }),
      'audit:verify': () => ({
        runId: 'r',
        checked: 1,
        verified: 0,
        problems: [{ tid: synced.tid, kind: 'deleted', detail: 'no cloud row' }]
      }),
      'records:get': () => {
        throw new Error('not here')
      }
    })
    await screen.findByText('Verified')
    await act(() => useStore.getState().runAudit({}))
    await screen.findByText(/Problem found: missing from the cloud/)
    logOut()
    expect(useStore.getState().badges).toEqual({})
    expect(useStore.getState().auditFinding).toBeNull()
  })

  it('shows what it was given without a tid, and asks nothing', () => {
    render(
      <MantineProvider theme={theme} env="test">
        <VerificationBadge badge={PROBLEM} />
      </MantineProvider>
    )
    expect(screen.getByText(/Problem found: changed in the cloud/)).toBeTruthy()
  })
})

function changeOf(item: ReturnType<typeof record>) {
  return {
    tid: item.tid,
    patientId: item.patientId,
    state: 'synced' as const,
    rejection: null,
    at: '2026-01-02T11:00:00.000Z'
  }
}
