import fc from 'fast-check'
import { computeAddress, getBytes, hexlify, randomBytes, SigningKey, ZeroAddress } from 'ethers'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  AnchoredBatch,
  batchDigests,
  batchNodes,
  domainSeparatorOf,
  rowFingerprint
} from '../../../src/main/audit/anchored-batch'
import { batchTree } from '../../../src/main/chain/merkle'
import { addressOf, recoverSigner } from '../../../src/main/chain/recover-signer'
import { SignerPool } from '../../../src/main/chain/signer-pool'
import {
  encodeBatch,
  ledgerDomain,
  recordDigest,
  signRecord,
  type ChainRecord,
  type SignedRecord
} from '../../../src/main/chain/record-encoding'
import { keccakReady } from '../../../src/main/crypto/keccak'

const keys = [0, 1, 2].map(() => new SigningKey(hexlify(randomBytes(32))))
const domain = ledgerDomain(77001, `0x${'ab'.repeat(20)}`)
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n }).map((b) => hexlify(b))
const record: fc.Arbitrary<ChainRecord> = fc.record({
  tid: bytes(16),
  templateId: fc.integer({ min: 0, max: 0xffff }),
  templateVersion: fc.integer({ min: 0, max: 0xffff }),
  seq: fc.integer({ min: 0, max: 0xffffffff }),
  values: fc.array(fc.option(fc.integer({ min: -0x7fff, max: 0x7fff }), { nil: null }), {
    minLength: 0,
    maxLength: 6
  }),
  patient: bytes(16),
  commitment: bytes(32)
})

/** A batch as the chain side reads it, with the signers recoverSigner answers. */
function anchor(signed: SignedRecord[], reasons: number[]) {
  const calldata = getBytes(encodeBatch(signed))
  const digests = batchDigests(domainSeparatorOf(domain), calldata)
  const signers = signed.map((s, i) => {
    try {
      return recoverSigner(hexlify(digests.subarray(i * 32, i * 32 + 32)), s.signature)
    } catch {
      return ZeroAddress
    }
  })
  const addresses = new Uint8Array(signed.length * 20)
  signers.forEach((s, i) => addresses.set(getBytes(s), i * 20))
  const ok = Uint8Array.from(signers.map((s) => (s === ZeroAddress ? 0 : 1)))
  const tree = batchNodes(calldata, digests, addresses, Uint8Array.from(reasons))
  const root = hexlify(tree[0] as Uint8Array)
  const batch = new AnchoredBatch(
    { chainBatch: 7, txHash: `0x${'cd'.repeat(32)}`, blockNumber: 3, root },
    calldata,
    Uint8Array.from(reasons),
    addresses,
    ok,
    tree
  )
  return { batch, digests, signers, root }
}

describe('AnchoredBatch', () => {
  beforeAll(() => keccakReady)

  it('makes from calldata bytes the digests recordDigest makes, and the tree batchTree makes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(record, fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 9 }),
        (drawn) => {
          const signed = drawn.map(([r], i) => signRecord(keys[i % 3] as SigningKey, domain, r))
          const reasons = drawn.map(([, reason]) => reason)
          const { batch, digests, signers, root } = anchor(signed, reasons)
          signed.forEach((s, i) => {
            expect(hexlify(digests.subarray(i * 32, i * 32 + 32))).toBe(recordDigest(domain, s))
            expect(signers[i]).toBe(computeAddress(keys[i % 3] as SigningKey))
          })
          const reference = batchTree(
            signed.map((s, i) => ({
              tid: s.tid,
              digest: recordDigest(domain, s),
              signer: signers[i] as string,
              reason: reasons[i] as number
            }))
          )
          expect(root).toBe(reference.root)
          signed.forEach((s, i) => {
            expect(batch.proof(i).map((n) => hexlify(n))).toEqual(reference.getProof(i))
            expect(batch.tid(i)).toBe(hexlify(s.tid).toLowerCase())
            expect(batch.patient(i)).toBe(hexlify(s.patient).toLowerCase())
          })
        }
      ),
      { numRuns: 60 }
    )
  })

  it('fingerprints an accepted record as its honest row does, and no altered row alike', () => {
    const records = fc.sample(record, 5)
    const signed = records.map((r, i) => signRecord(keys[i % 3] as SigningKey, domain, r))
    const { batch, signers } = anchor(signed, [0, 0, 3, 0, 0])
    // A malformed signature: nothing recovered, no fingerprint.
    const broken = { ...(signed[4] as SignedRecord), signature: `0x${'00'.repeat(64)}` }
    const withBroken = anchor([...signed.slice(0, 4), broken], [0, 0, 3, 0, 0])
    expect(withBroken.batch.fingerprint(4)).toBeNull()
    expect(batch.fingerprint(2)).toBeNull()

    const s = signed[1] as SignedRecord
    const proof = batch.proof(1).map((n) => hexlify(n))
    const clinician = (signers[1] as string).toLowerCase()
    const expected = batch.fingerprint(1) as Uint8Array
    const same = (f: Uint8Array | null) => f !== null && Buffer.compare(f, expected) === 0
    // The row's JSON: values as signed (not padded), hex in any case.
    const row = JSON.parse(JSON.stringify(s)) as SignedRecord
    expect(same(rowFingerprint(row, clinician, 7, proof))).toBe(true)
    expect(
      same(
        rowFingerprint(
          { ...row, commitment: (row.commitment as string).toUpperCase().replace('0X', '0x') },
          clinician,
          7,
          proof
        )
      )
    ).toBe(true)

    const altered: [SignedRecord, string, number, string[]][] = [
      [{ ...row, seq: row.seq + 1 }, clinician, 7, proof],
      [{ ...row, values: [...row.values, 1] }, clinician, 7, proof],
      [{ ...row, signature: signed[0]?.signature as string }, clinician, 7, proof],
      [row, computeAddress(keys[2] as SigningKey).toLowerCase(), 7, proof],
      [row, clinician, 8, proof],
      [row, clinician, 7, proof.slice(1)],
      [row, clinician, 7, [...proof].reverse()],
      [{ ...row, seq: String(row.seq) as unknown as number }, clinician, 7, proof],
      [row, clinician, 7, 'proof' as unknown as string[]]
    ]
    for (const [r, c, b, p] of altered) expect(same(rowFingerprint(r, c, b, p))).toBe(false)
  })

  it('recovers from bytes on worker threads and in the calling thread the keys of recoverSigner', async () => {
    const signed = fc
      .sample(record, 40)
      .map((r, i) => signRecord(keys[i % 3] as SigningKey, domain, r))
    const calldata = getBytes(encodeBatch(signed))
    const digests = batchDigests(domainSeparatorOf(domain), calldata)
    const signatures = new Uint8Array(40 * 64)
    const recoveries = new Uint8Array(40)
    signed.forEach((s, i) => {
      signatures.set(getBytes(s.signature), i * 64)
      recoveries[i] = (signatures[i * 64 + 32] ?? 0) >> 7
      signatures[i * 64 + 32] = (signatures[i * 64 + 32] ?? 0) & 0x7f
    })
    // r = 0 and an unknown recovery id: nothing recovered.
    signatures.fill(0, 5 * 64, 5 * 64 + 32)
    recoveries[6] = 255
    for (const size of [2, 1]) {
      const pool = await SignerPool.open(size)
      try {
        const { keys: found, ok } = await pool.recoverKeys(
          digests.slice(),
          signatures.slice(),
          recoveries.slice()
        )
        signed.forEach((s, i) => {
          if (i === 5 || i === 6) return expect(ok[i]).toBe(0)
          expect(ok[i]).toBe(1)
          expect(addressOf(found.subarray(i * 64, i * 64 + 64))).toBe(
            recoverSigner(digests.subarray(i * 32, i * 32 + 32), s.signature)
          )
        })
      } finally {
        await pool.close()
      }
    }
  })
})
