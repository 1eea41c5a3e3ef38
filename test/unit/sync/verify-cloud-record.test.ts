import { randomUUID } from 'node:crypto'
import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { decodeBatch } from '../../../src/main/chain/decode-batch'
import { batchTree } from '../../../src/main/chain/merkle'
import {
  encodeBatch,
  ledgerDomain,
  recordDigest,
  type SignedRecord
} from '../../../src/main/chain/record-encoding'
import type { CloudRecord } from '../../../src/main/cloud'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import { DeviceSecrets, generateDeviceSecretValues } from '../../../src/main/keys/device-secrets'
import {
  anchorFingerprint,
  verifyCloudRecord,
  type VerifyContext
} from '../../../src/main/sync/verify-cloud-record'
import { templateHash } from '../../../src/shared/templates'
import { templateBySlug } from '../../fixtures/templates'

const ledger = { address: Wallet.createRandom().address.toLowerCase(), chainId: 77_001 }
const domain = ledgerDomain(ledger.chainId, ledger.address)
const secrets = new DeviceSecrets(generateDeviceSecretValues())
const nina = new Wallet(Wallet.createRandom().privateKey)
const liar = new Wallet(Wallet.createRandom().privateKey)
const vitals = templateBySlug('vital-signs')
const CHAIN_BATCH = 7

/** Three of a patient's records anchored as accepted in batch 7: rows as the cloud holds them. */
function anchoredRows() {
  const patientId = 'patient-1'
  const pseudonym = secrets.pseudonym(patientId)
  const generated = [72, 80, 90].map((heartRate, i) =>
    generateRecord(
      {
        template: vitals,
        templateHash: templateHash(vitals),
        patient: { id: patientId, pseudonym },
        author: { username: 'nina', address: nina.address, signingKey: nina.signingKey },
        attributes: { heartRate, systolic: 120, diastolic: 80, temperature: 37.2 },
        seq: i + 1
      },
      domain
    )
  )
  const tree = batchTree(
    generated.map((g) => ({
      tid: g.chainRecord.tid,
      digest: recordDigest(domain, g.chainRecord),
      signer: nina.address,
      reason: 0
    }))
  )
  const rows: CloudRecord[] = generated.map((g, leafIndex) => ({
    tid: g.document.tid,
    workstationId: randomUUID(),
    patientPseudonym: pseudonym,
    templateId: vitals.id,
    templateVersion: vitals.version,
    clinician: nina.address.toLowerCase(),
    clinicianSeq: g.chainRecord.seq,
    supersedes: null,
    commitment: g.commitment,
    signature: g.chainRecord.signature,
    chainRecord: JSON.stringify(g.chainRecord),
    chainId: ledger.chainId,
    ledgerAddress: ledger.address,
    chainBatch: CHAIN_BATCH,
    txHash: `0x${'ab'.repeat(32)}`,
    blockNumber: 12,
    leafIndex,
    proof: tree.getProof(leafIndex),
    createdAt: '2026-11-25T10:00:00.000Z',
    anchoredAt: '2026-11-25T10:00:01.000Z',
    syncedAt: '2026-11-25T10:00:02.000Z',
    payload: secrets.encryptPhi(g.canonical, g.document.tid),
    ackStatus: 'valid',
    ackReason: 0
  }))
  // What an audit takes from the chain for each: the record as read back from calldata,
  // the signer the contract recovered, the batch, the proof in the tree rebuilt to the root.
  const calldata = decodeBatch(encodeBatch(generated.map((g) => g.chainRecord)))
  const fingerprints = calldata.map((record, leafIndex) =>
    anchorFingerprint(record, nina.address, CHAIN_BATCH, tree.getProof(leafIndex))
  )
  return { rows, fingerprints, root: tree.root }
}

/** A verify context whose ledger holds `root` for batch 7, counting root look-ups. */
function contextFor(root: string) {
  const calls = { rootOf: 0 }
  const context: VerifyContext = {
    chainId: ledger.chainId,
    ledgerAddress: ledger.address,
    domain,
    secrets,
    rootOf: (chainBatch) => {
      calls.rootOf++
      return Promise.resolve(chainBatch === CHAIN_BATCH ? root : null)
    }
  }
  return { context, calls }
}

describe('verifyCloudRecord with the chain side’s fingerprint', () => {
  it('verifies a row that matches its anchor without asking the ledger again', async () => {
    const { rows, fingerprints, root } = anchoredRows()
    const { context, calls } = contextFor(root)
    for (const [i, row] of rows.entries()) {
      const check = await verifyCloudRecord(row, context, fingerprints[i])
      expect(check.ok).toBe(true)
    }
    expect(calls.rootOf).toBe(0)
    // Without it, the same rows verify in full.
    for (const row of rows) expect((await verifyCloudRecord(row, context)).ok).toBe(true)
    expect(calls.rootOf).toBe(rows.length)
  })

  it('names a tampered row exactly as without it (the full checks run)', async () => {
    const { rows, fingerprints, root } = anchoredRows()
    const row = rows[0] as CloudRecord
    const fingerprint = fingerprints[0] as Buffer
    const signed = JSON.parse(row.chainRecord) as SignedRecord
    // A consistent liar: the record re-signed by another wallet, named as its clinician.
    const lieSignature = liar.signingKey.sign(recordDigest(domain, signed)).compactSerialized
    const tampered: Record<string, CloudRecord> = {
      'another signer': {
        ...row,
        clinician: liar.address.toLowerCase(),
        signature: lieSignature,
        chainRecord: JSON.stringify({ ...signed, signature: lieSignature })
      },
      'another proof': { ...row, proof: (rows[1] as CloudRecord).proof },
      'a proof node flipped': {
        ...row,
        proof: row.proof.map((node, i) => (i === 0 ? `0x${'00'.repeat(32)}` : node))
      },
      'another batch': { ...row, chainBatch: CHAIN_BATCH + 1 },
      'another record’s anchor': { ...rows[1], proof: row.proof } as CloudRecord,
      'a malformed signed record': {
        ...row,
        chainRecord: JSON.stringify({ ...signed, values: 'not values' })
      }
    }
    for (const [what, bad] of Object.entries(tampered)) {
      const { context, calls } = contextFor(root)
      const withFingerprint = await verifyCloudRecord(bad, context, fingerprint)
      const without = await verifyCloudRecord(bad, contextFor(root).context)
      expect(withFingerprint.ok, what).toBe(false)
      if (what === 'a malformed signed record')
        expect(withFingerprint).toMatchObject({ kind: 'modified' })
      expect(withFingerprint, what).toEqual(without)
      // A row that no longer matches took the full checks, up to the root where they got.
      expect(calls.rootOf, what).toBeLessThanOrEqual(1)
    }
  })

  it('fingerprints every part of the anchor: record, signer, batch and proof', () => {
    const { rows, fingerprints } = anchoredRows()
    const row = rows[0] as CloudRecord
    const signed = JSON.parse(row.chainRecord) as SignedRecord
    const fingerprint = fingerprints[0] as Buffer
    const of = (record: SignedRecord, signer: string, batch: number, proof: string[]) =>
      anchorFingerprint(record, signer, batch, proof)
    // The row's hex is lower case, the recovered signer checksummed: the same bytes.
    expect(of(signed, row.clinician, CHAIN_BATCH, row.proof).equals(fingerprint)).toBe(true)
    const others = [
      of({ ...signed, seq: signed.seq + 1 }, row.clinician, CHAIN_BATCH, row.proof),
      of(
        { ...signed, values: [...signed.values].reverse() },
        row.clinician,
        CHAIN_BATCH,
        row.proof
      ),
      of(signed, liar.address, CHAIN_BATCH, row.proof),
      of(signed, row.clinician, CHAIN_BATCH + 1, row.proof),
      of(signed, row.clinician, CHAIN_BATCH, row.proof.slice(1)),
      of(signed, row.clinician, CHAIN_BATCH, [...row.proof].reverse())
    ]
    for (const other of others) expect(other.equals(fingerprint)).toBe(false)
  })
})
