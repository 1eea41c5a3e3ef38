import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'

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
    phi: Buffer.from('x'),
    createdBy: nurse.id
  })
  let n = 0
  const queue = () => {
    n++
    const tid = `0x${n.toString(16).padStart(32, '0')}`
    store.records.enqueue({
      tid,
      patientId: 'p1',
      templateId: 1,
      templateVersion: 1,
      authorId: nurse.id,
      seq: n,
      supersedes: null,
      payload: Buffer.from(`sealed ${n}`),
      chainRecord: JSON.stringify({ seq: n })
    })
    return tid
  }
  return { store, anchors: store.auditLog.anchors, queue }
}

const signed = (what: string) => (nonce: number) => ({
  txHash: `0x${what}${String(nonce).padStart(8, '0')}`,
  rawTx: `raw:${what}:${nonce}`
})
const head = (c: string) => `0x${c.repeat(64)}`

describe('log anchors and the handshaker nonce', () => {
  it('gives batches and anchors distinct nonces, whichever is signed first', () => {
    const { store, anchors, queue } = setup()
    const b0 = store.records.recordBatch(signed('b'), [queue()], 0)
    const a1 = anchors.record(signed('a'), { entries: 3, head: head('1') }, 0)
    const b2 = store.records.recordBatch(signed('b'), [queue()], 1)
    const a3 = anchors.record(signed('a'), { entries: 5, head: head('2') }, 2)
    expect([b0.nonce, a1.nonce, b2.nonce, a3.nonce]).toEqual([0, 1, 2, 3])
    // The chain may be ahead of the store (another process sent from the account).
    expect(anchors.record(signed('a'), { entries: 6, head: head('3') }, 9).nonce).toBe(9)
    expect(store.records.recordBatch(signed('b'), [queue()], 0).nonce).toBe(10)
  })

  it('keeps anchors as sent until settled; the latest that did not fail counts', () => {
    const { anchors } = setup()
    expect(anchors.latest()).toBeUndefined()
    const first = anchors.record(signed('a'), { entries: 4, head: head('4') }, 0)
    const second = anchors.record(signed('a'), { entries: 9, head: head('9') }, 0)
    expect(first).toMatchObject({ state: 'sent', entries: 4, head: head('4'), rawTx: 'raw:a:0' })
    expect(anchors.pending().map((a) => a.id)).toEqual([first.id, second.id])
    expect(anchors.settle(first.id, 'mined', 17)).toMatchObject({ state: 'mined', blockNumber: 17 })
    expect(anchors.settle(second.id, 'failed', 18).state).toBe('failed')
    // Settling is once: a later receipt look-up changes nothing.
    expect(anchors.settle(first.id, 'failed', 99)).toMatchObject({
      state: 'mined',
      blockNumber: 17
    })
    expect(anchors.pending()).toEqual([])
    expect(anchors.latest()?.id).toBe(first.id)
  })

  it('refuses an anchor of nothing or a malformed head', () => {
    const { anchors } = setup()
    expect(() => anchors.record(signed('a'), { entries: 0, head: head('1') }, 0)).toThrow(
      /CHECK constraint/
    )
    expect(() => anchors.record(signed('a'), { entries: 1, head: '0x12' }, 0)).toThrow(
      /CHECK constraint/
    )
  })
})
