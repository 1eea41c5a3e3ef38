import { randomUUID } from 'node:crypto'
import { getBytes, Wallet } from 'ethers'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  AnchoredBatch,
  batchDigests,
  batchNodes,
  domainSeparatorOf
} from '../../../src/main/audit/anchored-batch'
import { RowCheck } from '../../../src/main/audit/row-check'
import { batchTree } from '../../../src/main/chain/merkle'
import {
  encodeBatch,
  ledgerDomain,
  recordDigest,
  type SignedRecord
} from '../../../src/main/chain/record-encoding'
import type { CloudRecord } from '../../../src/main/cloud'
import { keccakReady } from '../../../src/main/crypto/keccak'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import { DeviceSecrets, generateDeviceSecretValues } from '../../../src/main/keys/device-secrets'
import { verifyCloudRecord, type VerifyContext } from '../../../src/main/sync/verify-cloud-record'
import { templateHash } from '../../../src/shared/templates'
import { templateBySlug } from '../../fixtures/templates'

const ledger = { address: Wallet.createRandom().address.toLowerCase(), chainId: 77_001 }
const domain = ledgerDomain(ledger.chainId, ledger.address)
const secrets = new DeviceSecrets(generateDeviceSecretValues())
const nina = new Wallet(Wallet.createRandom().privateKey)
const liar = new Wallet(Wallet.createRandom().privateKey)
const vitals = templateBySlug('vital-signs')
const CHAIN_BATCH = 7

/** Records of two patients anchored as accepted in batch 7: rows as the cloud holds them. */
function anchoredRows() {
  const generated = [72, 80, 90, 100].map((heartRate, i) => {
    const patientId = `patient-${i % 2}`
    return generateRecord(
      {
        template: vitals,
        templateHash: templateHash(vitals),
        patient: { id: patientId, pseudonym: secrets.pseudonym(patientId) },
        author: { username: 'nina', address: nina.address, signingKey: nina.signingKey },
        attributes: { heartRate, systolic: 120, diastolic: 80, temperature: 37.2 },
        seq: i + 1
      },
      domain
    )
  })
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
    patientPseudonym: secrets.pseudonym(`patient-${leafIndex % 2}`),
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
  // The chain side: the calldata's bytes, the signer the contract recovered, the tree.
  const calldata = getBytes(encodeBatch(generated.map((g) => g.chainRecord)))
  const digests = batchDigests(domainSeparatorOf(domain), calldata)
  const signers = new Uint8Array(generated.length * 20)
  generated.forEach((_, i) => signers.set(getBytes(nina.address), i * 20))
  const reasons = new Uint8Array(generated.length)
  const nodes = batchNodes(calldata, digests, signers, reasons)
  const batch = new AnchoredBatch(
    { chainBatch: CHAIN_BATCH, txHash: rows[0]?.txHash ?? '', blockNumber: 12, root: tree.root },
    calldata,
    reasons,
    signers,
    new Uint8Array(generated.length).fill(1),
    nodes
  )
  const fingerprints = rows.map((_, i) => batch.fingerprint(i) as Uint8Array)
  const context: VerifyContext = {
    chainId: ledger.chainId,
    ledgerAddress: ledger.address,
    domain,
    secrets,
    rootOf: (chainBatch) => Promise.resolve(chainBatch === CHAIN_BATCH ? tree.root : null)
  }
  return { rows, fingerprints, context }
}

describe('RowCheck', () => {
  beforeAll(() => keccakReady)

  it('passes the rows verifyCloudRecord verifies, each patient’s pseudonym computed once', async () => {
    const { rows, fingerprints, context } = anchoredRows()
    let hmacs = 0
    const counting = {
      decryptPhi: secrets.decryptPhi.bind(secrets),
      pseudonym: (id: string) => {
        hmacs++
        return secrets.pseudonym(id)
      }
    }
    const check = new RowCheck(ledger.chainId, ledger.address.toUpperCase(), counting)
    for (const [i, row] of rows.entries()) {
      expect(check.sound(row, fingerprints[i] as Uint8Array)).toBe(true)
      expect((await verifyCloudRecord(row, context)).ok).toBe(true)
    }
    expect(hmacs).toBe(2)
  })

  it('fails every tampered row, which verifyCloudRecord then names', async () => {
    const { rows, fingerprints, context } = anchoredRows()
    const row = rows[0] as CloudRecord
    const fingerprint = fingerprints[0] as Uint8Array
    const signed = JSON.parse(row.chainRecord) as SignedRecord
    const lieSignature = liar.signingKey.sign(recordDigest(domain, signed)).compactSerialized
    const flipped = Buffer.from(row.payload)
    flipped[flipped.length >> 1] = (flipped[flipped.length >> 1] ?? 0) ^ 1
    const other = rows[1] as CloudRecord
    const tampered: Record<string, CloudRecord> = {
      'a column altered': { ...row, clinicianSeq: row.clinicianSeq + 1000 },
      'the payload flipped': { ...row, payload: flipped },
      'another record’s payload': { ...row, payload: other.payload },
      'another ledger': { ...row, ledgerAddress: liar.address.toLowerCase() },
      'another chain': { ...row, chainId: 1 },
      'another patient’s pseudonym': { ...row, patientPseudonym: other.patientPseudonym },
      'another patient, signed record too': {
        ...row,
        patientPseudonym: other.patientPseudonym,
        chainRecord: JSON.stringify({ ...signed, patient: other.patientPseudonym.slice(0, 34) })
      },
      'another record under this tid': { ...other, tid: row.tid },
      'another signer': {
        ...row,
        clinician: liar.address.toLowerCase(),
        signature: lieSignature,
        chainRecord: JSON.stringify({ ...signed, signature: lieSignature })
      },
      'another proof': { ...row, proof: other.proof },
      'a proof node flipped': {
        ...row,
        proof: row.proof.map((node, i) => (i === 0 ? `0x${'00'.repeat(32)}` : node))
      },
      'another batch': { ...row, chainBatch: CHAIN_BATCH + 1 },
      'a malformed signed record': {
        ...row,
        chainRecord: JSON.stringify({ ...signed, values: 'not values' })
      },
      'no JSON': { ...row, chainRecord: '{' }
    }
    const check = new RowCheck(ledger.chainId, ledger.address, secrets)
    for (const [what, bad] of Object.entries(tampered)) {
      expect(check.sound(bad, fingerprint), what).toBe(false)
      expect((await verifyCloudRecord(bad, context)).ok, what).toBe(false)
    }
  })
})
