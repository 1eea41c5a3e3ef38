// What the gas-optimized batch loop (contracts/lib/RecordBatch.sol) relies on: the
// in-memory clinician table (many signers, probing, write-back once per batch), the template
// cache (templates alternating in one batch), signature edge cases on the raw precompile
// call, record boundaries, and the batch counter sharing a slot with the record counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Signature, Wallet, concat, toBeHex } from 'ethers'
import { sendLedgerTx } from '../../src/main/chain/ledger-artifact'
import { publishTemplate } from '../../src/main/chain/deploy-ledger'
import { batchTree } from '../../src/main/chain'
import { REASON, RULE_FAILED, type ChainValue } from '../../src/shared/rules'
import { buildRecord, sign, startLedger, submit, type LedgerFixture } from '../fixtures/ledger'
import { testTemplate } from '../fixtures/templates'

let f: LedgerFixture
const seqs = new Map<string, number>()
const next = (w: Wallet): number => {
  const s = (seqs.get(w.address) ?? 0) + 1
  seqs.set(w.address, s)
  return s
}
const VITALS: ChainValue[] = [72, 120, 80, 371, 16, 98]
// id 200: one codes rule, so every record of it takes the reference rule check.
const CODES_TEMPLATE = testTemplate(
  200,
  1,
  ['doctor'],
  [
    {
      type: 'coded',
      answers: [0, 1, 2].map((i) => ({ system: 'urn:t', code: `c${i}`, display: `C${i}` })),
      onChain: { kind: 'codes', allowed: ['c1'], optional: false }
    }
  ]
)

beforeAll(async () => {
  f = await startLedger()
  await publishTemplate(f.ledger, CODES_TEMPLATE)
})
afterAll(async () => f.stop())

describe('submitBatch loop', () => {
  it('tracks many clinicians in one batch, each replay window written once', async () => {
    // 40 doctors (table of 64 entries: probing collisions are likely), each twice, interleaved.
    const doctors = Array.from({ length: 40 }, () => new Wallet(Wallet.createRandom().privateKey))
    for (const w of doctors) await sendLedgerTx(f.ledger, 'registerClinician', w.address, 1)
    const first = doctors.map((w) => sign(f, w, buildRecord(1, 1, next(w), VITALS)))
    const second = doctors.map((w) => sign(f, w, buildRecord(1, 1, next(w), VITALS)))
    const replayed = first.slice(0, 3)
    const result = await submit(f, [...first, ...second, ...replayed])
    expect(result.reasons).toEqual([...first, ...second].map(() => 0).concat([5, 5, 5]))
    for (const w of doctors) {
      const [role, high] = (await f.ledger.getFunction('clinicianOf')(w.address)) as [
        bigint,
        bigint,
        bigint
      ]
      expect([role, high]).toEqual([1n, BigInt(seqs.get(w.address)!)])
    }
    // The next batch sees the stored windows.
    expect((await submit(f, [first[7]!, second[39]!])).reasons).toEqual([5, 5])
  })

  it('alternates templates in one batch and names the failing rule of each', async () => {
    const { doctor } = f.clinicians
    const rec = (tid: number, values: ChainValue[]) =>
      sign(f, doctor, buildRecord(tid, 1, next(doctor), values))
    const records = [
      rec(200, [1, null, null, null, null, null]),
      rec(1, VITALS),
      rec(200, [2, null, null, null, null, null]),
      rec(1, [72, 120, 80, 371, 16, 101]),
      rec(200, [1, null, null, null, null, null]),
      rec(1, [null, ...VITALS.slice(1)])
    ]
    expect((await submit(f, records)).reasons).toEqual([
      0,
      0,
      RULE_FAILED + 0,
      RULE_FAILED + 5,
      0,
      RULE_FAILED + 0
    ])
  })

  it('rejects a high s and a v that is not 27/28 in effect, without reverting', async () => {
    const { doctor } = f.clinicians
    const good = sign(f, doctor, buildRecord(1, 1, next(doctor), VITALS))
    const sig = Signature.from(good.signature)
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    const s = BigInt(sig.s)
    // The malleable twin: s' = n - s with the other parity; it lies in the upper half.
    const twinYParity = sig.yParity === 0 ? 1n : 0n
    const twin = concat([sig.r, toBeHex((twinYParity << 255n) | (n - s), 32)])
    // The other parity with the same (r, s): recovers another key (or nothing).
    const flipped = concat([sig.r, toBeHex((twinYParity << 255n) | s, 32)])
    // r = 0: the precompile recovers nothing and returns no data.
    const noKey = concat([toBeHex(0, 32), toBeHex(s, 32)])
    const result = await submit(f, [
      { ...good, signature: twin },
      { ...good, signature: flipped },
      { ...good, signature: noKey },
      good
    ])
    // The twin's s = n - s lies in the upper half: refused before ecrecover when it fits the
    // 255 bits of the compact form; when it does not, the masked s recovers a stranger.
    const twinFits = n - s < 1n << 255n
    const notAccepted = [REASON.BAD_SIGNATURE, REASON.UNKNOWN_CLINICIAN]
    if (twinFits) expect(result.reasons[0]).toBe(REASON.BAD_SIGNATURE)
    else expect(notAccepted).toContain(result.reasons[0])
    expect(notAccepted).toContain(result.reasons[1])
    expect(result.reasons[2]).toBe(REASON.BAD_SIGNATURE)
    expect(result.reasons[3]).toBe(0)
  })

  it('reads each record at its own offset: the last byte of one never leaks into the next', async () => {
    const { doctor, nurse } = f.clinicians
    // Extreme bytes at record boundaries: values all 0x7fff, a tid and commitment of 0xff.
    const edge = (w: Wallet) => {
      const r = buildRecord(1, 1, next(w), [250, 260, 160, 450, 60, 100])
      return sign(f, w, { ...r, tid: `0x${'ff'.repeat(16)}`, commitment: `0x${'ff'.repeat(32)}` })
    }
    const records = [edge(doctor), edge(nurse), edge(doctor), edge(nurse)]
    const result = await submit(f, records)
    expect(result.reasons).toEqual([0, 0, 0, 0])
    const signers = [doctor, nurse, doctor, nurse].map((w) => w.address)
    expect(batchTree(signers.map((s, i) => result.outcome(i, s))).root).toBe(result.root)
  })

  it('keeps counts of batches across groups of 16 sharing the counter slot', async () => {
    const { doctor } = f.clinicians
    const start = (await f.ledger.getFunction('batchCount')()) as bigint
    const sizes: number[] = []
    for (let k = 0; k < 18; k++) {
      const n = 1 + (k % 3)
      sizes.push(n)
      const records = Array.from({ length: n }, () =>
        sign(f, doctor, buildRecord(1, 1, next(doctor), VITALS))
      )
      expect((await submit(f, records)).batchId).toBe(start + BigInt(k))
    }
    expect(await f.ledger.getFunction('batchCount')()).toBe(start + 18n)
    for (let k = 0; k < 18; k++) {
      const [root, count] = (await f.ledger.getFunction('batch')(start + BigInt(k))) as [
        string,
        bigint
      ]
      expect(root).not.toBe(`0x${'0'.repeat(64)}`)
      expect(count).toBe(BigInt(sizes[k]!))
    }
    for (const k of [18n, 40n]) {
      const [, count] = (await f.ledger.getFunction('batch')(start + k)) as [string, bigint]
      expect(count).toBe(0n)
    }
  })
})
