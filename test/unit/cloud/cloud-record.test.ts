import { describe, expect, it } from 'vitest'
import {
  CloudRecordInput,
  parseRows,
  RejectedRecordInput,
  signedRecordMismatches
} from '../../../src/main/cloud/cloud-record'
import { anchoredBatch, cloudClinic } from '../../fixtures/cloud-records'
import { thrown } from '../../support/thrown'

describe('cloud record rows', () => {
  const clinic = cloudClinic()
  const { accepted, rejected } = anchoredBatch(clinic, 3, { reasons: [0, 0, 17] })
  const [first] = accepted as [CloudRecordInput]

  it('accepts real anchored records, lower-casing hex', () => {
    const shouting = { ...first, txHash: first.txHash.toUpperCase().replace('0X', '0x') }
    const [parsed] = parseRows(CloudRecordInput, [shouting])
    expect(parsed?.txHash).toBe(first.txHash)
    expect(parseRows(RejectedRecordInput, rejected)).toHaveLength(1)
  })

  it('names the columns that disagree with the signed chain record', () => {
    expect(signedRecordMismatches(CloudRecordInput.parse(first))).toEqual([])
    const other = `0x${'cd'.repeat(32)}`
    const moved = CloudRecordInput.parse({
      ...first,
      clinicianSeq: first.clinicianSeq + 1,
      patientPseudonym: other
    })
    expect(signedRecordMismatches(moved)).toEqual(['clinicianSeq', 'patientPseudonym'])
    expect(signedRecordMismatches({ ...moved, chainRecord: '[1]' })).toEqual(['chainRecord'])
  })

  it('refuses a row by its tid and field, in words', () => {
    const noProof = thrown(() => parseRows(CloudRecordInput, [{ ...first, proof: ['0x12'] }]))
    expect(noProof.code).toBe('INVALID_ARGUMENT')
    expect(noProof.message).toBe(
      `record ${first.tid}: proof.0: a proof node is 0x and 64 hex digits`
    )
    const refused = thrown(() => parseRows(CloudRecordInput, [{ ...first, ackReason: 3 }]))
    expect(refused.message).toMatch(/^record 0x[0-9a-f]{32}: ackReason: /)
    const empty = thrown(() =>
      parseRows(CloudRecordInput, [{ ...first, payload: Buffer.alloc(0) }])
    )
    expect(empty.message).toMatch(/payload: a payload is 1 byte to 1 MiB$/)
    expect(thrown(() => parseRows(CloudRecordInput, [null])).message).toMatch(/^row 0: /)
  })
})
