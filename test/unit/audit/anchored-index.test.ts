import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AnchoredIndex } from '../../../src/main/audit/anchored-index'

describe('AnchoredIndex', () => {
  it('keeps each tid’s anchor and fingerprint, past its first growth, and the first of a tid anchored twice', () => {
    const index = new AnchoredIndex()
    const tids = Array.from({ length: 3000 }, () => `0x${randomBytes(16).toString('hex')}`)
    const fingerprints = tids.map(() => randomBytes(32))
    tids.forEach((tid, i) => {
      const at = {
        chainBatch: 100_000 + Math.floor(i / 256),
        leafIndex: i % 256,
        reason: i % 7 === 0 ? 3 : 0
      }
      index.add(tid, at, at.reason === 0 ? (fingerprints[i] as Buffer) : null)
    })
    expect(index.size).toBe(tids.length)
    tids.forEach((tid, i) => {
      const reason = i % 7 === 0 ? 3 : 0
      expect(index.at(tid)).toEqual({
        chainBatch: 100_000 + Math.floor(i / 256),
        leafIndex: i % 256,
        reason
      })
      const fingerprint = index.fingerprint(tid)
      if (reason === 0) expect(fingerprint?.equals(fingerprints[i] as Buffer)).toBe(true)
      else expect(fingerprint).toBeUndefined()
    })
    // The contract refuses a replayed tid: its first anchor stands.
    const first = tids[1] as string
    index.add(first, { chainBatch: 9, leafIndex: 9, reason: 0 }, randomBytes(32))
    expect(index.at(first)).toEqual({ chainBatch: 100_000, leafIndex: 1, reason: 0 })
    expect(index.fingerprint(first)?.equals(fingerprints[1] as Buffer)).toBe(true)
    expect(index.size).toBe(tids.length)
    expect(index.at('0x00')).toBeUndefined()
    expect(index.fingerprint('0x00')).toBeUndefined()
  })
})
