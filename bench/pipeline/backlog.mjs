// Records as clinicians enter them: attributes checked against the template,
// T_I built and signed by TG (generateRecord), the PHI encrypted, and the
// record queued with its audit entry, exactly as records-service.addRecord
// does before it drains. Signing is timed per record.
import { performance } from 'node:perf_hooks'

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

/** A record entered by clinician `i` mod n for patient `i` mod m: signs and queues it. */
export function makeEnterer(core, clinic) {
  const template = core.defaultTemplates().find((t) => t.slug === 'vital-signs')
  if (!template) throw new Error('no vital-signs template')
  const hash = core.templateHash(template)
  const domain = clinic.client.domain
  let entered = 0
  return function enter() {
    const i = entered++
    const clinician = clinic.clinicians[i % clinic.clinicians.length]
    const patient = clinic.patients[i % clinic.patients.length]
    const attributes = core.checkAttributes(template, vitals(i))
    const seq = clinic.store.users.takeSeq(clinician.user.id)
    const started = performance.now()
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
        attributes,
        seq
      },
      domain
    )
    const signMs = performance.now() - started
    const { tid } = generated.document
    const enqueued = performance.now()
    clinic.store.records.enqueue({
      tid,
      patientId: patient.id,
      templateId: template.id,
      templateVersion: template.version,
      authorId: clinician.user.id,
      seq,
      supersedes: null,
      payload: clinic.secrets.encryptPhi(generated.canonical, tid),
      chainRecord: JSON.stringify(generated.chainRecord)
    })
    clinic.store.auditLog.append({
      actor: clinician.user.username,
      action: 'record.signed',
      subject: tid
    })
    return { tid, signMs, enqueueMs: performance.now() - enqueued, enqueuedAt: enqueued }
  }
}

/** Signs and queues `n` records; answers their signing times (ms). */
export function enterBacklog(enter, n) {
  const signMs = []
  for (let i = 0; i < n; i++) signMs.push(enter().signMs)
  return signMs
}
