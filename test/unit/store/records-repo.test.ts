import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalStore } from '../../../src/main/store/local-store'
import type { NewRecord } from '../../../src/main/store/records-repo'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'

function setup() {
  const store = LocalStore.open(join(tempDir(), 'local.db'))
  const nurse = store.users.create({
    username: 'ana',
    displayName: 'Ana',
    role: 'nurse',
    address: `0x${'a'.repeat(40)}`
  })
  store.patients.insert({
    id: 'p1',
    pseudonym: '0xabc',
    phi: Buffer.from('sealed'),
    createdBy: nurse.id
  })
  let n = 0
  const record = (): NewRecord => {
    n++
    return {
      tid: `0x${n.toString(16).padStart(32, '0')}`,
      patientId: 'p1',
      templateId: 1,
      templateVersion: 1,
      authorId: nurse.id,
      seq: n,
      supersedes: null,
      payload: Buffer.from(`sealed record ${n}`),
      chainRecord: JSON.stringify({ seq: n })
    }
  }
  return { store, records: store.records, record }
}

const signed = (txHash: string) => (nonce: number) => ({ txHash, rawTx: `raw:${nonce}` })

describe('records and the chain queue', () => {
  it('queues a signed record once; replaying the same step is a no-op', () => {
    const { records, record } = setup()
    const r = record()
    const first = records.enqueue(r)
    expect(first).toMatchObject({ tid: r.tid, state: 'queued', reason: null })
    expect(records.enqueue(r)).toEqual(first)
    expect(thrown(() => records.enqueue({ ...r, payload: Buffer.from('different') })).code).toBe(
      'CONFLICT'
    )
    expect(records.countByState()).toMatchObject({ queued: 1 })
  })

  it('moves queued records into a batch, then writes their ACKs', () => {
    const { records, record } = setup()
    const [a, b, c] = [record(), record(), record()].map((r) => records.enqueue(r))
    if (!a || !b || !c) throw new Error('setup')
    expect(records.queued(2).map((r) => r.tid)).toEqual([a.tid, b.tid])
    const batch = records.recordBatch(signed('0xhash'), [b.tid, a.tid], 0)
    // The batch keeps calldata order: leaf i is record i.
    expect(batch).toMatchObject({ state: 'sent', nonce: 0, rawTx: 'raw:0', tids: [b.tid, a.tid] })
    expect(records.pendingBatches().map((p) => p.id)).toEqual([batch.id])
    expect(records.countByState()).toMatchObject({ queued: 1, submitted: 2 })

    const acks = [
      { tid: a.tid, reason: 0, leafIndex: 0, proof: ['0x01'] },
      { tid: b.tid, reason: 18, leafIndex: 1, proof: ['0x02'] }
    ]
    records.applyAcks(batch.id, { chainBatch: 7, blockNumber: 12 }, acks)
    expect(records.get(a.tid)).toMatchObject({
      state: 'anchored',
      reason: 0,
      leafIndex: 0,
      proof: ['0x01']
    })
    expect(records.get(b.tid)).toMatchObject({ state: 'rejected', reason: 18, proof: ['0x02'] })
    expect(records.cloudBacklog()).toBe(1)
    expect(records.pendingBatches()).toEqual([])

    // A replayed ACK step (after a crash) changes nothing.
    records.applyAcks(batch.id, { chainBatch: 7, blockNumber: 12 }, acks)
    expect(records.cloudBacklog()).toBe(1)
    expect(records.countByState()).toMatchObject({ queued: 1, anchored: 1, rejected: 1 })
  })

  it('refuses to batch a record twice', () => {
    const { records, record } = setup()
    const a = records.enqueue(record())
    records.recordBatch(signed('0x1'), [a.tid], 0)
    expect(thrown(() => records.recordBatch(signed('0x2'), [a.tid], 0)).code).toBe('CONFLICT')
    // The failed attempt left nothing behind: no second batch.
    expect(records.pendingBatches()).toHaveLength(1)
  })

  it('never gives two batches one nonce, whatever the chain says', () => {
    const { records, record } = setup()
    const [a, b, c] = [record(), record(), record()].map((r) => records.enqueue(r))
    if (!a || !b || !c) throw new Error('setup')
    expect(records.recordBatch(signed('0x1'), [a.tid], 5).nonce).toBe(5)
    // A second process that read the chain before the first batch was sent.
    expect(records.recordBatch(signed('0x2'), [b.tid], 5).nonce).toBe(6)
    // The chain moved past what this store knows (another workstation).
    expect(records.recordBatch(signed('0x3'), [c.tid], 9).nonce).toBe(9)
    expect(records.pendingBatches().map((p) => p.rawTx)).toEqual(['raw:5', 'raw:6', 'raw:9'])
  })

  it("reads a batch's records back in the order sent, with their authors' addresses", () => {
    const { store, records, record } = setup()
    const doctor = store.users.create({
      username: 'ben',
      displayName: 'Ben',
      role: 'doctor',
      address: `0x${'b'.repeat(40)}`
    })
    const a = records.enqueue(record())
    const b = records.enqueue({ ...record(), authorId: doctor.id })
    const c = records.enqueue(record())
    const batch = records.recordBatch(signed('0x1'), [c.tid, a.tid, b.tid], 0)
    expect(records.batchMembers(batch)).toEqual([
      { tid: c.tid, chainRecord: c.chainRecord, authorAddress: `0x${'a'.repeat(40)}` },
      { tid: a.tid, chainRecord: a.chainRecord, authorAddress: `0x${'a'.repeat(40)}` },
      { tid: b.tid, chainRecord: b.chainRecord, authorAddress: `0x${'b'.repeat(40)}` }
    ])
    // A batch naming a record the store lacks is a broken store, not an empty batch.
    expect(thrown(() => records.batchMembers({ ...batch, tids: [a.tid, '0xmissing'] })).code).toBe(
      'INTERNAL'
    )
  })

  it('puts the records of a failed batch back in the queue', () => {
    const { records, record } = setup()
    const a = records.enqueue(record())
    const batch = records.recordBatch(signed('0x1'), [a.tid], 0)
    records.failBatch(batch.id, 'reverted')
    expect(records.get(a.tid)).toMatchObject({ state: 'queued', batchId: null })
    expect(records.batch(batch.id).state).toBe('failed')
    expect(records.queued(10).map((r) => r.tid)).toEqual([a.tid])
  })

  it('lists a patient record history newest first', () => {
    const { records, record } = setup()
    const times = ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z']
    const [old, recent] = times.map((t) => records.enqueue(record(), new Date(t)))
    expect(records.forPatient('p1').map((r) => r.tid)).toEqual([recent?.tid, old?.tid])
  })
})
