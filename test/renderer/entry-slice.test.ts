import { describe, expect, it } from 'vitest'
import { createStore } from '../../src/renderer/src/state/store'
import { fakeClient, type FakeClient } from './fake-client'
import { NURSE } from './fixtures'

const TID = `0x${'ef'.repeat(16)}`
const TEMPLATE = { id: 1, version: 1, slug: 'vital-signs', title: 'Vital signs' }

/** A store on a core whose ACK for the new record is emitted before `records:add` answers. */
function storeWithEarlyAck() {
  const store = createStore()
  const client: FakeClient = fakeClient({
    'records:add': () => {
      client.emit('record:changed', {
        tid: TID,
        patientId: 'p-1',
        state: 'anchored',
        rejection: null,
        at: new Date().toISOString()
      })
      return { tid: TID, state: 'queued', template: TEMPLATE }
    }
  })
  store.setState({ client, session: NURSE })
  return { store, client }
}

describe('the entry slice', () => {
  it('keeps an ACK that arrives before the answer, and applies it once the tid is known', async () => {
    const { store } = storeWithEarlyAck()
    const submission = await store
      .getState()
      .submitRecord({ patientId: 'p-1', template: 'vital-signs', attributes: { heartRate: 72 } })
    expect(submission).toMatchObject({ tid: TID, state: 'anchored', template: TEMPLATE })
    expect(submission.onChainAt).toBeGreaterThanOrEqual(submission.submittedAt)
  })

  it('forgets drafts and submissions when the user logs out or another logs in', async () => {
    const { store } = storeWithEarlyAck()
    store.getState().saveDraft('p-1 vital-signs ', { heartRate: 88 })
    await store
      .getState()
      .submitRecord({ patientId: 'p-1', template: 'vital-signs', attributes: { heartRate: 72 } })
    store.setState({ session: { ...NURSE, locked: true } })
    expect(Object.keys(store.getState().drafts)).toHaveLength(1)
    store.setState({
      session: { user: { username: 'dora', displayName: 'Dora', role: 'doctor' }, locked: false }
    })
    expect(store.getState().drafts).toEqual({})
    expect(store.getState().submissions).toEqual({})
  })
})
