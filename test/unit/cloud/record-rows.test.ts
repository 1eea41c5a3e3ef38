import { describe, expect, it } from 'vitest'
import { CloudRecordInput } from '../../../src/main/cloud/cloud-record'
import { differingFields, fromRecordRow, toRecordRow } from '../../../src/main/cloud/record-rows'
import { acceptedRecords, cloudClinic } from '../../fixtures/cloud-records'

describe('cloud record rows', () => {
  const [input] = acceptedRecords(cloudClinic(), 1) as [CloudRecordInput]
  const parsed = CloudRecordInput.parse(input)

  it('round-trip through a table row, whatever types the driver answers with', () => {
    const row = toRecordRow(parsed, 7, '2026-01-01T00:00:00.000Z')
    expect(row.cloud_seq).toBe(7)
    expect(row.merkle_proof).toBe(JSON.stringify(parsed.proof))
    // pg answers int8 as a string; the Data API answers blobs as Uint8Array.
    const asDriverAnswers = {
      ...row,
      block_number: String(row.block_number) as unknown as number,
      payload: new Uint8Array(row.payload)
    }
    expect(fromRecordRow(asDriverAnswers)).toEqual({
      ...parsed,
      payload: Buffer.from(parsed.payload),
      syncedAt: '2026-01-01T00:00:00.000Z'
    })
  })

  it('tells a replay from a different record: who wrote it and when do not count', () => {
    const stored = fromRecordRow(toRecordRow(parsed, 1, '2026-01-01T00:00:00.000Z'))
    expect(differingFields(stored, { ...parsed, workstationId: crypto.randomUUID() })).toEqual([])
    const changed = { ...parsed, payload: Buffer.from('other'), leafIndex: 5 }
    expect(differingFields(stored, changed).sort()).toEqual(['leafIndex', 'payload'])
  })
})
