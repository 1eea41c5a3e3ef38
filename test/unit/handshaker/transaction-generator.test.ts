import { randomBytes } from 'node:crypto'
import { recoverAddress, Signature, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { templateBySlug } from '../../fixtures/templates'
import { ledgerDomain, recordDigest } from '../../../src/main/chain/record-encoding'
import {
  canonicalRecord,
  generateRecord,
  recordCommitment
} from '../../../src/main/handshaker/transaction-generator'
import { templateHash } from '../../../src/shared/templates'

const vitals = templateBySlug('vital-signs')
const nurse = Wallet.createRandom()
const domain = ledgerDomain(77_001, `0x${'c'.repeat(40)}`)
const attributes = {
  heartRate: 72,
  systolic: 120,
  diastolic: 80,
  temperature: 37.2,
  assessment: 'Comfortable, no distress.'
}

function generate(overrides: { seq?: number; tid?: string } = {}) {
  return generateRecord(
    {
      template: vitals,
      templateHash: templateHash(vitals),
      patient: { id: 'patient-1', pseudonym: `0x${randomBytes(32).toString('hex')}` },
      author: { username: 'ana', address: nurse.address, signingKey: nurse.signingKey },
      attributes: Object.fromEntries(
        Object.entries(attributes).filter(([k]) => vitals.attributes.some((a) => a.key === k))
      ),
      seq: overrides.seq ?? 1,
      now: new Date('2026-11-25T10:00:00Z'),
      ...(overrides.tid ? { tid: overrides.tid } : {})
    },
    domain
  )
}

describe('TG: the transaction generator', () => {
  it('commits to the salted canonical record, and the commitment re-derives from it', () => {
    const g = generate()
    expect(g.canonical).toBe(canonicalRecord(g.document))
    expect(g.commitment).toBe(recordCommitment(g.canonical))
    expect(g.chainRecord.commitment).toBe(g.commitment)
    expect(JSON.parse(g.canonical)).toEqual(g.document)
    expect(g.document.salt).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it('draws a fresh salt and tid per record, so equal entries have unequal commitments', () => {
    const [a, b] = [generate(), generate()]
    expect(a?.document.tid).not.toBe(b?.document.tid)
    expect(a?.commitment).not.toBe(b?.commitment)
  })

  it('signs the EIP-712 record with the clinician key', () => {
    const g = generate({ seq: 7 })
    const digest = recordDigest(domain, g.chainRecord)
    expect(recoverAddress(digest, Signature.from(g.chainRecord.signature))).toBe(nurse.address)
    expect(g.chainRecord.seq).toBe(7)
  })

  it('puts no PHI on chain: no patient id, no free text, pseudonym truncated', () => {
    const g = generate()
    const onChain = JSON.stringify(g.chainRecord)
    expect(onChain).not.toMatch(/patient-1|Comfortable|ana/)
    expect(g.chainRecord.patient).toMatch(/^0x[0-9a-f]{32}$/)
  })

  it('scales validated values to the integers the contract checks', () => {
    const g = generate()
    // Temperature keeps one decimal: 37.2 °C is carried as 372.
    expect(g.chainRecord.values).toContain(372)
    expect(g.chainRecord.values).toContain(72)
  })
})
