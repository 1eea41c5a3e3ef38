import type { CloudRecord, CloudStore } from '../cloud'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import { REGISTRATION_TEMPLATE } from '../clinic/patients-service'
import type { RecordDocument } from '../handshaker/transaction-generator'
import { verifyCloudRecord, type VerifyContext } from './verify-cloud-record'

/** What one pull did. */
export interface PullResult {
  /** Verified and kept. */
  readonly imported: number
  /** Did not verify: named in the sync problems, not kept. */
  readonly problems: number
}

export interface PullContext {
  readonly workstationId: string
  /** The local user doing the sync (recorded as who brought a pulled patient in). */
  readonly userId: number
  readonly secrets: DeviceSecrets
  /** The chain checks, connected only when a row needs them. */
  readonly verify: () => Promise<Omit<VerifyContext, 'secrets'>>
}

function isRegistration(app: App, row: CloudRecord): boolean {
  const slug = app.store.templates.find(row.templateId, row.templateVersion)?.definition.slug
  return slug === REGISTRATION_TEMPLATE
}

/** The identity a verified registration record carries, as the patients table keeps it. */
function patientDetails(document: RecordDocument): string {
  const a = document.attributes
  return JSON.stringify({
    name: a['name'],
    dateOfBirth: a['birthDate'],
    sex: a['sex'] ?? 'unknown',
    ...(a['mrn'] ? { mrn: a['mrn'] } : {})
  })
}

/**
 * Pulls the records other workstations wrote since the stored cursor, page
 * by page. Each is verified against the chain before it is kept; one that
 * does not verify is named in the sync problems and never imported. A
 * registration record brings its patient. The cursor is stored after each
 * page, so an interrupted pull resumes where it stopped.
 */
export async function pullFromCloud(
  app: App,
  cloud: CloudStore,
  context: PullContext
): Promise<PullResult> {
  let imported = 0
  let problems = 0
  let chain: Omit<VerifyContext, 'secrets'> | undefined
  for (;;) {
    const state = app.store.getConfig('sync')
    const page = await cloud.pull(state.pullCursor, { excludeWorkstation: context.workstationId })
    // Registrations first: a page may hold a patient and their records.
    const rows = [...page.records].sort(
      (a, b) => Number(isRegistration(app, b)) - Number(isRegistration(app, a))
    )
    for (const row of rows) {
      if (app.store.sync.knows(row.tid)) continue
      chain ??= await context.verify()
      const check = await verifyCloudRecord(row, { ...chain, secrets: context.secrets })
      const seenAt = new Date().toISOString()
      if (!check.ok) {
        problems++
        app.store.sync.addProblem({
          tid: row.tid,
          workstationId: row.workstationId,
          kind: check.kind,
          detail: check.detail,
          seenAt
        })
        app.store.auditLog.append({
          actor: 'sync',
          action: 'sync.rejected-row',
          subject: row.tid,
          detail: { kind: check.kind, workstation: row.workstationId }
        })
        continue
      }
      const { document } = check
      if (isRegistration(app, row)) {
        app.store.sync.insertPulledPatient({
          id: document.patient,
          pseudonym: row.patientPseudonym,
          phi: context.secrets.encryptPhi(patientDetails(document), document.patient),
          createdBy: context.userId,
          createdAt: document.time,
          originWorkstation: row.workstationId
        })
      }
      if (!app.store.patients.find(document.patient)) {
        problems++
        app.store.sync.addProblem({
          tid: row.tid,
          workstationId: row.workstationId,
          kind: 'patient-unknown',
          detail: 'verified, but its patient’s registration has not reached this workstation',
          seenAt
        })
        continue
      }
      app.store.sync.insertPulled({
        tid: row.tid,
        workstationId: row.workstationId,
        patientId: document.patient,
        templateId: row.templateId,
        templateVersion: row.templateVersion,
        clinician: row.clinician,
        author: document.author.username,
        payload: row.payload,
        chainRecord: row.chainRecord,
        chainBatch: row.chainBatch,
        txHash: row.txHash,
        blockNumber: row.blockNumber,
        leafIndex: row.leafIndex,
        proof: JSON.stringify(row.proof),
        createdAt: row.createdAt,
        anchoredAt: row.anchoredAt,
        pulledAt: seenAt
      })
      // The clinician's next records here must not reuse this one's sequence number.
      app.store.users.raiseSeq(row.clinician, row.clinicianSeq + 1)
      imported++
    }
    app.store.setConfig('sync', { ...app.store.getConfig('sync'), pullCursor: page.cursor })
    if (!page.more) break
  }
  return { imported, problems }
}
