// A workstation's cloud backlog, made as the app makes it: clinicians and
// patients in a fresh local store, vital-signs records checked against their
// template, signed by TG (generateRecord) and encrypted, queued; then batched
// as the TV batches them (64 a batch, recordBatch) and acknowledged with the
// real ACK code (buildAcks: the batch's Merkle tree, a proof per record),
// which puts each accepted record in the cloud outbox (applyAcks). Only the
// chain is left out: the batch transaction is stored but never sent, and
// the root the contract would anchor is the tree's own. Every row is one the
// app would push; the cloud side is what the bench measures.
import { randomBytes, randomUUID } from 'node:crypto'
import { hexlify, Wallet } from 'ethers'

const CLINICIANS = 4
const PATIENTS = 50

/** Vital signs within every rule of the template, varied so no two records match. */
function vitals(i) {
  return {
    heartRate: 55 + (i % 60),
    systolic: 100 + (i % 50),
    diastolic: 60 + (i % 30),
    temperature: 36 + (i % 20) / 10,
    respiratoryRate: 12 + (i % 8),
    assessment: 'Comfortable, no distress.'
  }
}

/**
 * Writes `n` acknowledged records into a new local store at `path` (closed
 * when done); answers the row context every push of them needs.
 */
export function buildBacklog(core, path, n) {
  const store = core.LocalStore.open(path)
  try {
    const secrets = new core.DeviceSecrets(core.generateDeviceSecretValues())
    const context = {
      workstationId: randomUUID(),
      chainId: 1337,
      ledgerAddress: hexlify(randomBytes(20))
    }
    const domain = core.ledgerDomain(context.chainId, context.ledgerAddress)
    const template = core.defaultTemplates().find((t) => t.slug === 'vital-signs')
    if (!template) throw new Error('no vital-signs template')
    const hash = core.templateHash(template)
    const clinicians = Array.from({ length: CLINICIANS }, (_, i) => {
      const wallet = Wallet.createRandom()
      const user = store.users.create({
        username: `clinician${i}`,
        displayName: `Clinician ${i}`,
        role: i % 2 === 0 ? 'nurse' : 'doctor',
        address: wallet.address
      })
      return { user, wallet }
    })
    const patients = Array.from({ length: PATIENTS }, (_, i) => {
      const id = `patient-${i}`
      return store.patients.insert({
        id,
        pseudonym: secrets.pseudonym(id),
        phi: secrets.encryptPhi(JSON.stringify({ name: `Patient ${i}` }), id),
        createdBy: clinicians[0].user.id
      })
    })
    for (let i = 0; i < n; i++) {
      const clinician = clinicians[i % CLINICIANS]
      const patient = patients[i % PATIENTS]
      const seq = store.users.takeSeq(clinician.user.id)
      const generated = core.generateRecord(
        {
          template,
          templateHash: hash,
          patient: { id: patient.id, pseudonym: patient.pseudonym },
          author: {
            username: clinician.user.username,
            address: clinician.user.address,
            signingKey: clinician.wallet.signingKey
          },
          attributes: core.checkAttributes(template, vitals(i)),
          seq
        },
        domain
      )
      const { tid } = generated.document
      store.records.enqueue({
        tid,
        patientId: patient.id,
        templateId: template.id,
        templateVersion: template.version,
        authorId: clinician.user.id,
        seq,
        supersedes: null,
        payload: secrets.encryptPhi(generated.canonical, tid),
        chainRecord: JSON.stringify(generated.chainRecord)
      })
    }
    acknowledgeAll(core, store, domain)
    return context
  } finally {
    store.close()
  }
}

/** Batches every queued record as the TV does and writes each batch's ACKs (all accepted). */
function acknowledgeAll(core, store, domain) {
  let block = 100
  for (let chainBatch = 1; ; chainBatch++) {
    const queued = store.records.queued(core.DEFAULT_BATCH_SIZE)
    if (queued.length === 0) return
    const batch = store.records.recordBatch(
      () => ({ txHash: hexlify(randomBytes(32)), rawTx: hexlify(randomBytes(200)) }),
      queued.map((r) => r.tid),
      0
    )
    const sent = store.records.batchMembers(batch).map((m) => ({
      tid: m.tid,
      record: JSON.parse(m.chainRecord),
      signer: m.authorAddress
    }))
    // The root the contract would anchor: every record valid, signed by its author.
    const root = core.batchTree(
      sent.map((s) => ({
        tid: s.record.tid,
        digest: core.recordDigest(domain, s.record),
        signer: s.signer,
        reason: 0
      }))
    ).root
    const acks = core.buildAcks(
      domain,
      sent,
      sent.map(() => 0),
      root
    )
    store.records.applyAcks(batch.id, { chainBatch, blockNumber: block++ }, acks)
  }
}
