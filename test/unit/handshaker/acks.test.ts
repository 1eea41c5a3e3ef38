import { randomBytes } from 'node:crypto'
import { Wallet, hexlify } from 'ethers'
import { describe, expect, it } from 'vitest'
import { batchTree } from '../../../src/main/chain/merkle'
import { ledgerDomain, recordDigest, signRecord } from '../../../src/main/chain/record-encoding'
import { buildAcks, type SentRecord } from '../../../src/main/handshaker/acks'
import { REASON } from '../../../src/shared/rules'
import { thrown } from '../../support/thrown'

const domain = ledgerDomain(77_001, `0x${'c'.repeat(40)}`)
const [ana, ben] = [Wallet.createRandom(), Wallet.createRandom()]

/** A batch of records signed by ana and ben in turn, and the root the contract would anchor. */
function minedBatch(n: number, reasons: number[]) {
  const sent: SentRecord[] = Array.from({ length: n }, (_, i) => {
    const wallet = i % 2 === 0 ? ana : ben
    const record = signRecord(wallet.signingKey, domain, {
      tid: hexlify(randomBytes(16)),
      templateId: 1,
      templateVersion: 1,
      seq: i + 1,
      values: [72, 120, 80, 371],
      patient: hexlify(randomBytes(16)),
      commitment: hexlify(randomBytes(32))
    })
    return { tid: record.tid as string, record, signer: wallet.address }
  })
  // The contract's leaves carry the signer it recovered: here, the real one.
  const root = batchTree(
    sent.map((s, i) => ({
      tid: s.record.tid,
      digest: recordDigest(domain, s.record),
      signer: s.signer ?? '',
      reason: reasons[i] ?? -1
    }))
  ).root
  return { sent, root }
}

describe('ACKs of a mined batch', () => {
  it('gives each record its reason and a proof of its leaf under the anchored root', () => {
    const reasons = [REASON.ACCEPTED, 18, REASON.ACCEPTED]
    const { sent, root } = minedBatch(3, reasons)
    const acks = buildAcks(domain, sent, reasons, root)
    const tree = batchTree(
      sent.map((s, i) => ({
        tid: s.record.tid,
        digest: recordDigest(domain, s.record),
        signer: s.signer ?? '',
        reason: reasons[i] ?? -1
      }))
    )
    expect(acks).toEqual(
      sent.map((s, i) => ({
        tid: s.tid,
        reason: reasons[i],
        leafIndex: i,
        proof: tree.getProof(i)
      }))
    )
  })

  it('recovers the signers from the signatures when the known ones do not give the root', () => {
    const reasons = [0, 0, 0, 0]
    const { sent, root } = minedBatch(4, reasons)
    // The store's idea of an author is wrong (say, a re-keyed clinician): the
    // signatures still say who signed, as the contract saw it.
    const wrong = sent.map((s) => ({ ...s, signer: Wallet.createRandom().address }))
    const unknown = sent.map((s) => ({ ...s, signer: null }))
    expect(buildAcks(domain, wrong, reasons, root)).toEqual(buildAcks(domain, sent, reasons, root))
    expect(buildAcks(domain, unknown, reasons, root)).toEqual(
      buildAcks(domain, sent, reasons, root)
    )
  })

  it('acknowledges nothing when the anchored root is not the batch as sent', () => {
    const reasons = [0, 0]
    const { sent } = minedBatch(2, reasons)
    const other = minedBatch(2, reasons)
    expect(thrown(() => buildAcks(domain, sent, reasons, other.root)).code).toBe('INTERNAL')
    expect(thrown(() => buildAcks(domain, sent, [0], other.root)).code).toBe('INTERNAL')
  })
})
