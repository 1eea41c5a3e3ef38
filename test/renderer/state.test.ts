import { describe, expect, it, vi } from 'vitest'
import type { PatientSearchResult, SessionState } from '../../src/shared/ipc/schemas'
import { canOpen, homeRoute } from '../../src/renderer/src/state/navigation-slice'
import { createStore } from '../../src/renderer/src/state/store'
import { fakeClient, type Handlers } from './fake-client'
import { INFO, LOGGED_OUT, NURSE, ONLINE, patient, record } from './fixtures'

/** A store started against a fake core, as main.tsx starts the real one. */
async function started(handlers: Handlers = {}, session: SessionState = NURSE) {
  const client = fakeClient({
    'app:info': () => INFO,
    'session:get': () => session,
    'status:get': () => ONLINE,
    'settings:get': () => ({ autoLockMinutes: 15 }),
    ...handlers
  })
  const store = createStore()
  await store.getState().start(client)
  return { store, client }
}

describe('navigation', () => {
  it('starts each role on its own home and keeps roles out of screens not theirs', () => {
    expect(homeRoute('nurse')).toEqual({ name: 'patients' })
    expect(homeRoute('admin')).toEqual({ name: 'admin', section: 'users' })
    expect(homeRoute('auditor')).toEqual({ name: 'audit' })
    expect(canOpen('nurse', { name: 'admin', section: 'users' })).toBe(false)
    expect(canOpen('nurse', { name: 'audit' })).toBe(false)
    expect(canOpen('auditor', { name: 'register-patient' })).toBe(false)
    expect(canOpen('admin', { name: 'register-patient' })).toBe(false)
    expect(canOpen('pathologist', { name: 'register-patient' })).toBe(true)
  })

  it('goes back the way it came', async () => {
    const { store } = await started()
    const s = () => store.getState()
    s().navigate({ name: 'register-patient' })
    s().navigate({ name: 'patient', patientId: 'p-1' })
    s().back()
    expect(s().route).toEqual({ name: 'register-patient' })
    s().back()
    expect(s().route).toEqual({ name: 'patients' })
  })
})

describe('session', () => {
  it('a login lands on the home screen with the settings and the status bar loaded', async () => {
    const { store, client } = await started(
      { 'session:login': () => ({ ...NURSE, user: { ...NURSE.user!, role: 'admin' } }) },
      LOGGED_OUT
    )
    await store.getState().login('alice', 'secret-password')
    await expect.poll(() => store.getState().status).toEqual(ONLINE)
    expect(store.getState().route).toEqual({ name: 'admin', section: 'users' })
    expect(client.callsTo('settings:get')).toHaveLength(1)
  })

  it('forgets every patient and record at logout', async () => {
    const { store, client } = await started({
      'patients:get': () => ({
        patient: patient(),
        timeline: { items: [record()], nextCursor: null }
      })
    })
    await store.getState().openPatient('p-1')
    expect(store.getState().known['p-1']?.name).toBe('Jo Bloggs')
    client.emit('session:changed', LOGGED_OUT)
    expect(store.getState().known).toEqual({})
    expect(store.getState().timelines).toEqual({})
    expect(store.getState().status).toBeNull()
  })

  it('tells the core about activity at most every 30 s, and not while locked', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const { store, client } = await started({ 'session:activity': () => NURSE })
      store.getState().reportActivity()
      store.getState().reportActivity()
      expect(client.callsTo('session:activity')).toHaveLength(1)
      vi.advanceTimersByTime(31_000)
      store.getState().reportActivity()
      expect(client.callsTo('session:activity')).toHaveLength(2)
      store.getState().applySession({ ...NURSE, locked: true })
      vi.advanceTimersByTime(31_000)
      store.getState().reportActivity()
      expect(client.callsTo('session:activity')).toHaveLength(2)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('patient search', () => {
  it('keeps only the answer to the newest query when answers arrive out of order', async () => {
    const pending = new Map<string, (result: PatientSearchResult) => void>()
    const { store } = await started({
      'patients:search': ({ query }) =>
        new Promise<PatientSearchResult>((resolve) => pending.set(query, resolve))
    })
    const first = store.getState().search('jo')
    const second = store.getState().search('jo b')
    pending.get('jo b')!({ patients: [patient()], total: 1 })
    await second
    pending.get('jo')!({
      patients: [patient(), patient({ id: 'p-2', name: 'Jo Other' })],
      total: 2
    })
    await first
    expect(store.getState().results.map((p) => p.name)).toEqual(['Jo Bloggs'])
    expect(store.getState().searchedFor).toBe('jo b')
  })
})

describe('timeline', () => {
  it('moves a record to its new state when record:changed says so, with the rejection', async () => {
    const queued = record()
    const { store, client } = await started({
      'patients:get': () => ({
        patient: patient(),
        timeline: { items: [queued], nextCursor: null }
      })
    })
    await store.getState().openPatient('p-1')
    const rejection = {
      code: 16,
      name: 'RULE_FAILED_0',
      explanation: 'Heart rate (heart_rate) must be between 20 and 250 /min',
      attribute: 'heart_rate'
    }
    client.emit('record:changed', {
      tid: queued.tid,
      patientId: 'p-1',
      state: 'rejected',
      rejection,
      at: '2026-01-02T10:06:00.000Z'
    })
    const [item] = store.getState().timelines['p-1']!.items
    expect(item).toMatchObject({ tid: queued.tid, state: 'rejected', rejection })
  })

  it('fetches the newest page for a record it has not seen', async () => {
    const old = record()
    const fresh = record({ state: 'anchored' })
    const { store, client } = await started({
      'patients:get': () => ({ patient: patient(), timeline: { items: [old], nextCursor: null } }),
      'records:list': () => ({ items: [fresh, old], nextCursor: null })
    })
    await store.getState().openPatient('p-1')
    client.emit('record:changed', {
      tid: fresh.tid,
      patientId: 'p-1',
      state: 'anchored',
      rejection: null,
      at: '2026-01-02T10:06:00.000Z'
    })
    await expect
      .poll(() => store.getState().timelines['p-1']!.items.map((i) => i.tid))
      .toEqual([fresh.tid, old.tid])
  })

  it('pages back through older records with the cursor', async () => {
    const newest = record()
    const older = record()
    const { store, client } = await started({
      'patients:get': () => ({
        patient: patient(),
        timeline: { items: [newest], nextCursor: 'c1' }
      }),
      'records:list': () => ({ items: [older], nextCursor: null })
    })
    await store.getState().openPatient('p-1')
    await store.getState().loadOlder('p-1')
    expect(client.callsTo('records:list')).toEqual([{ patientId: 'p-1', limit: 100, before: 'c1' }])
    expect(store.getState().timelines['p-1']).toMatchObject({ nextCursor: null })
    expect(store.getState().timelines['p-1']!.items.map((i) => i.tid)).toEqual([
      newest.tid,
      older.tid
    ])
  })
})
