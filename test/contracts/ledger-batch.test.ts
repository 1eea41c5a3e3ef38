import { sendLedgerTx } from '../../src/main/chain/ledger-artifact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Signature, Wallet, ZeroAddress, concat, hexlify, toBeHex } from 'ethers'
import { batchTree, encodeRecord, leafHash, verifyOutcome } from '../../src/main/chain'
import { ledgerDomain, recordDigest, signRecord } from '../../src/main/chain/record-encoding'
import { publishTemplate } from '../../src/main/chain/deploy-ledger'
import { REASON, RULE_FAILED, type ChainValue } from '../../src/shared/rules'
import {
  CHAIN_ID,
  buildRecord,
  sign,
  startLedger,
  submit,
  type LedgerFixture
} from '../fixtures/ledger'
import { testTemplate } from '../fixtures/templates'

let f: LedgerFixture
const seqs = new Map<string, number>()
/** The next sequence number of a clinician, as a handshaker would hand it out. */
const next = (w: Wallet): number => {
  const s = (seqs.get(w.address) ?? 0) + 1
  seqs.set(w.address, s)
  return s
}
const NORMAL_VITALS: ChainValue[] = [72, 120, 80, 371, 16, 98]

// id 100: required | range -50..50 | codes {0, 3, 31} | optional range 10..20 | optional codes {1}
const RULES_TEMPLATE = testTemplate(
  100,
  1,
  ['doctor'],
  [
    { onChain: { kind: 'required' } },
    { onChain: { kind: 'range', min: -50, max: 50, optional: false } },
    {
      type: 'coded',
      answers: Array.from({ length: 32 }, (_, i) => ({
        system: 'urn:t',
        code: `c${i}`,
        display: `C${i}`
      })),
      onChain: { kind: 'codes', allowed: ['c0', 'c3', 'c31'], optional: false }
    },
    { onChain: { kind: 'range', min: 10, max: 20, optional: true } },
    {
      type: 'coded',
      answers: [0, 1].map((i) => ({ system: 'urn:t', code: `d${i}`, display: `D${i}` })),
      onChain: { kind: 'codes', allowed: ['d1'], optional: true }
    }
  ]
)
const GOOD: ChainValue[] = [1, 0, 3, null, null, null]

beforeAll(async () => {
  f = await startLedger()
  await publishTemplate(f.ledger, RULES_TEMPLATE)
})
afterAll(async () => f.stop())

/** Submits one record per values row under template 100 and answers the reasons. */
async function reasonsFor(rows: ChainValue[][]): Promise<number[]> {
  const doctor = f.clinicians.doctor
  const records = rows.map((v) => sign(f, doctor, buildRecord(100, 1, next(doctor), v)))
  return (await submit(f, records)).reasons
}

describe('submitBatch: rules', () => {
  it('checks a range rule at its bounds', async () => {
    const rows = [-51, -50, 50, 51].map((v) => [1, v, 3, null, null, null])
    expect(await reasonsFor(rows)).toEqual([RULE_FAILED + 1, 0, 0, RULE_FAILED + 1])
  })

  it('checks a required rule: absent fails, the extreme int16 values pass', async () => {
    const rows = [null, -0x7fff, 0x7fff, 0].map((v) => [v, 0, 3, null, null, null])
    expect(await reasonsFor(rows)).toEqual([RULE_FAILED + 0, 0, 0, 0])
  })

  it('checks a codes rule at the ends of its 32-code set', async () => {
    const rows = [0, 3, 31, 1, 32, -1, null].map((v) => [1, 0, v, null, null, null])
    expect(await reasonsFor(rows)).toEqual([
      0,
      0,
      0,
      RULE_FAILED + 2,
      RULE_FAILED + 2,
      RULE_FAILED + 2,
      RULE_FAILED + 2
    ])
  })

  it('lets optional rules pass when absent but still checks them when present', async () => {
    const rows: ChainValue[][] = [
      [1, 0, 3, 9, null, null],
      [1, 0, 3, 10, null, null],
      [1, 0, 3, 20, 1, null],
      [1, 0, 3, 21, null, null],
      [1, 0, 3, null, 0, null]
    ]
    expect(await reasonsFor(rows)).toEqual([
      RULE_FAILED + 3,
      0,
      0,
      RULE_FAILED + 3,
      RULE_FAILED + 4
    ])
  })

  it('rejects a value in a slot the template does not validate', async () => {
    expect(await reasonsFor([[...GOOD.slice(0, 5), 7]])).toEqual([RULE_FAILED + 5])
  })

  it('reports the first failing rule', async () => {
    expect(await reasonsFor([[null, 99, 1, 0, 0, 1]])).toEqual([RULE_FAILED + 0])
  })
})

describe('submitBatch: signers, roles and templates', () => {
  it('accepts each clinical role only on the templates that allow it', async () => {
    const { doctor, nurse, pathologist } = f.clinicians
    const lab: ChainValue[] = [0, 55, 39, 61, null, null]
    const note: ChainValue[] = [1, 3]
    const records = [
      sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS)),
      sign(f, nurse, buildRecord(1, 1, next(nurse), NORMAL_VITALS)),
      sign(f, pathologist, buildRecord(1, 1, next(pathologist), NORMAL_VITALS)),
      sign(f, pathologist, buildRecord(3, 1, next(pathologist), lab)),
      sign(f, doctor, buildRecord(3, 1, next(doctor), lab)),
      sign(f, nurse, buildRecord(4, 1, next(nurse), note)),
      sign(f, doctor, buildRecord(4, 1, next(doctor), note))
    ]
    expect((await submit(f, records)).reasons).toEqual([
      0,
      0,
      REASON.ROLE_NOT_ALLOWED,
      0,
      REASON.ROLE_NOT_ALLOWED,
      0,
      REASON.ROLE_NOT_ALLOWED
    ])
  })

  it('rejects unregistered, revoked and wrong signers and malformed signatures', async () => {
    const { doctor } = f.clinicians
    const stranger = new Wallet(Wallet.createRandom().privateKey)
    const revoked = new Wallet(Wallet.createRandom().privateKey)
    await sendLedgerTx(f.ledger, 'registerClinician', revoked.address, 1)
    await sendLedgerTx(f.ledger, 'revokeClinician', revoked.address)
    const tampered = { ...sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS)) }
    const otherChain = signRecord(
      doctor.signingKey,
      ledgerDomain(CHAIN_ID + 1, f.address),
      buildRecord(1, 1, next(doctor), NORMAL_VITALS)
    )
    const good = sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS))
    // An s in the upper half (EIP-2) fits the compact form's 255 bits but is malleable:
    // rejected as malformed without calling ecrecover.
    const sig = Signature.from(good.signature)
    const halfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n
    const highS = concat([sig.r, toBeHex(halfN + 1n, 32)])
    const records = [
      sign(f, stranger, buildRecord(1, 1, 1, NORMAL_VITALS)),
      sign(f, revoked, buildRecord(1, 1, 1, NORMAL_VITALS)),
      { ...tampered, values: [73, ...NORMAL_VITALS.slice(1)] },
      otherChain,
      { ...good, signature: highS },
      { ...good, signature: hexlify(new Uint8Array(64)) }
    ]
    const result = await submit(f, records)
    expect(result.reasons).toEqual([
      REASON.UNKNOWN_CLINICIAN,
      REASON.UNKNOWN_CLINICIAN,
      REASON.UNKNOWN_CLINICIAN,
      REASON.UNKNOWN_CLINICIAN,
      REASON.BAD_SIGNATURE,
      REASON.BAD_SIGNATURE
    ])
    expect(result.accepted).toBe(0)
  })

  it('rejects unknown template ids and versions', async () => {
    const { doctor } = f.clinicians
    const records = [
      sign(f, doctor, buildRecord(777, 1, next(doctor), NORMAL_VITALS)),
      sign(f, doctor, buildRecord(1, 9, next(doctor), NORMAL_VITALS))
    ]
    expect((await submit(f, records)).reasons).toEqual([
      REASON.UNKNOWN_TEMPLATE,
      REASON.UNKNOWN_TEMPLATE
    ])
  })

  it('checks each record against its own template version after a new version is published', async () => {
    await publishTemplate(
      f.ledger,
      testTemplate(
        101,
        1,
        ['doctor'],
        [{ onChain: { kind: 'range', min: 0, max: 100, optional: false } }]
      )
    )
    await publishTemplate(
      f.ledger,
      testTemplate(
        101,
        2,
        ['doctor'],
        [{ onChain: { kind: 'range', min: 0, max: 50, optional: false } }]
      )
    )
    const { doctor } = f.clinicians
    const records = [
      sign(f, doctor, buildRecord(101, 1, next(doctor), [80])),
      sign(f, doctor, buildRecord(101, 2, next(doctor), [80])),
      sign(f, doctor, buildRecord(101, 2, next(doctor), [40]))
    ]
    expect((await submit(f, records)).reasons).toEqual([0, RULE_FAILED + 0, 0])
  })
})

describe('submitBatch: replay', () => {
  it('never anchors the same signed record as valid twice, in one batch or across batches', async () => {
    const { nurse } = f.clinicians
    const record = sign(f, nurse, buildRecord(1, 1, next(nurse), NORMAL_VITALS))
    expect((await submit(f, [record, record])).reasons).toEqual([0, REASON.REPLAY])
    expect((await submit(f, [record])).reasons).toEqual([REASON.REPLAY])
  })

  it('accepts sequence numbers out of order inside the window and refuses older ones', async () => {
    const { nurse } = f.clinicians
    const base = next(nurse)
    seqs.set(nurse.address, base + 200)
    const at = (seq: number) => sign(f, nurse, buildRecord(1, 1, seq, NORMAL_VITALS))
    const result = await submit(f, [at(base + 200), at(base + 73), at(base + 199), at(base + 72)])
    expect(result.reasons).toEqual([0, 0, 0, REASON.REPLAY])
    const [, high] = (await f.ledger.getFunction('clinicianOf')(nurse.address)) as [bigint, bigint]
    expect(high).toBe(BigInt(base + 200))
  })

  it('does not burn a sequence number on a rejected record', async () => {
    const { doctor } = f.clinicians
    const seq = next(doctor)
    const bad = sign(f, doctor, buildRecord(1, 1, seq, [300, 120, 80, 371, null, null]))
    const unknown = sign(f, doctor, buildRecord(102, 1, next(doctor), [5]))
    const good = sign(f, doctor, buildRecord(1, 1, seq, NORMAL_VITALS))
    expect((await submit(f, [bad, unknown, good])).reasons).toEqual([
      RULE_FAILED + 0,
      REASON.UNKNOWN_TEMPLATE,
      0
    ])
    // Once template 102 exists the same signed record is accepted, once.
    await publishTemplate(
      f.ledger,
      testTemplate(
        102,
        1,
        ['doctor'],
        [{ onChain: { kind: 'range', min: 0, max: 9, optional: false } }]
      )
    )
    expect((await submit(f, [unknown, good, unknown])).reasons).toEqual([
      0,
      REASON.REPLAY,
      REASON.REPLAY
    ])
  })

  it('keeps the replay window when a clinician is revoked and registered again', async () => {
    const w = new Wallet(Wallet.createRandom().privateKey)
    await sendLedgerTx(f.ledger, 'registerClinician', w.address, 1)
    const record = sign(f, w, buildRecord(1, 1, 1, NORMAL_VITALS))
    expect((await submit(f, [record])).reasons).toEqual([0])
    await sendLedgerTx(f.ledger, 'revokeClinician', w.address)
    await sendLedgerTx(f.ledger, 'registerClinician', w.address, 2)
    expect((await submit(f, [record])).reasons).toEqual([REASON.REPLAY])
  })
})

describe('submitBatch: anchoring and proofs', () => {
  it('anchors a mixed batch and proves both outcomes off chain and through the view', async () => {
    const { doctor, pathologist } = f.clinicians
    const records = [
      sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS)),
      sign(f, pathologist, buildRecord(1, 1, next(pathologist), NORMAL_VITALS)),
      sign(f, doctor, buildRecord(1, 1, next(doctor), [10, 120, 80, 371, null, null]))
    ]
    const result = await submit(f, records)
    expect(result.reasons).toEqual([0, REASON.ROLE_NOT_ALLOWED, RULE_FAILED + 0])
    expect(result.accepted).toBe(1)
    const outcomes = [
      result.outcome(0, doctor.address),
      result.outcome(1, pathologist.address),
      result.outcome(2, doctor.address)
    ]
    const tree = batchTree(outcomes)
    expect(tree.root).toBe(result.root)
    const [root, count] = (await f.ledger.getFunction('batch')(result.batchId)) as [string, bigint]
    expect([root, count]).toEqual([result.root, 3n])
    for (const [i, o] of outcomes.entries()) {
      const proof = tree.getProof(i)
      expect(verifyOutcome(result.root, o, proof)).toBe(true)
      expect(await f.ledger.getFunction('verifyLeaf')(result.batchId, leafHash(o), proof)).toBe(
        true
      )
    }
    // A rejection cannot be passed off as an acceptance, nor a record moved to another batch.
    const forged = { ...outcomes[1]!, reason: 0 }
    const proof = tree.getProof(1)
    expect(verifyOutcome(result.root, forged, proof)).toBe(false)
    expect(await f.ledger.getFunction('verifyLeaf')(result.batchId, leafHash(forged), proof)).toBe(
      false
    )
    expect(
      await f.ledger.getFunction('verifyLeaf')(
        result.batchId + 1n,
        leafHash(outcomes[0]!),
        tree.getProof(0)
      )
    ).toBe(false)
  })

  it('agrees with the off-chain digest and leaf helpers', async () => {
    const { doctor } = f.clinicians
    const record = sign(f, doctor, buildRecord(1, 1, 42, NORMAL_VITALS))
    const digest = recordDigest(ledgerDomain(CHAIN_ID, f.address), record)
    expect(await f.ledger.getFunction('recordDigest')(encodeRecord(record))).toBe(digest)
    const o = { tid: record.tid, digest, signer: doctor.address, reason: 0 }
    expect(await f.ledger.getFunction('recordLeaf')(record.tid, digest, doctor.address, 0)).toBe(
      leafHash(o)
    )
  })

  it('anchors a batch of 1 and a batch of 256', async () => {
    const { doctor, nurse } = f.clinicians
    const one = await submit(f, [sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS))])
    expect(one.reasons).toEqual([0])
    expect(one.root).toBe(batchTree([one.outcome(0, doctor.address)]).root)
    const records = Array.from({ length: 256 }, (_, i) => {
      const w = i % 2 === 0 ? doctor : nurse
      const values = i % 17 === 0 ? [19, ...NORMAL_VITALS.slice(1)] : NORMAL_VITALS
      return sign(f, w, buildRecord(1, 1, next(w), values))
    })
    const big = await submit(f, records)
    expect(big.reasons).toEqual(records.map((_, i) => (i % 17 === 0 ? RULE_FAILED : 0)))
    const outcomes = records.map((_, i) =>
      big.outcome(i, i % 2 === 0 ? doctor.address : nurse.address)
    )
    const tree = batchTree(outcomes)
    expect(tree.root).toBe(big.root)
    for (const i of [0, 17, 128, 255]) {
      expect(
        await f.ledger.getFunction('verifyLeaf')(
          big.batchId,
          leafHash(outcomes[i]!),
          tree.getProof(i)
        )
      ).toBe(true)
    }
  })

  it('keeps batch ids, roots and counts in state', async () => {
    const before = (await f.ledger.getFunction('batchCount')()) as bigint
    const { doctor } = f.clinicians
    const r = await submit(f, [sign(f, doctor, buildRecord(1, 1, next(doctor), NORMAL_VITALS))])
    expect(r.batchId).toBe(before)
    expect(await f.ledger.getFunction('batchCount')()).toBe(before + 1n)
    expect(await f.ledger.getFunction('batch')(before + 5n)).toEqual([
      '0x0000000000000000000000000000000000000000000000000000000000000000',
      0n
    ])
  })

  it('reverts an empty or malformed batch as a whole', async () => {
    const submitBatch = f.asHandshaker.getFunction('submitBatch')
    await expect(submitBatch('0x')).rejects.toThrow()
    await expect(submitBatch(new Uint8Array(149))).rejects.toThrow()
    expect(ZeroAddress).toBe('0x0000000000000000000000000000000000000000')
  })
})
