import { createHash, randomUUID } from 'node:crypto'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Bundle } from '@medplum/fhirtypes'
import { makeError } from '../../../shared/errors'
import { CLINICAL_ROLES, type Role } from '../../../shared/roles'
import type { SignedRecord } from '../../chain/record-encoding'
import { requireRole, type ClinicSession } from '../../clinic/clinic-session'
import { showPatient } from '../../clinic/patients-service'
import { templateVersion } from '../../clinic/templates-service'
import type { App } from '../../core/create-app'
import type { RecordDocument } from '../../handshaker/transaction-generator'
import { writeFileAtomic } from '../../keys/atomic-file'
import type { RecordState } from '../../store/records-repo'
import { selfCheck } from './anchor-provenance'
import type { ExportAuthor, ExportRecord, LedgerRef, RecordAnchor } from './export-record'
import { buildFhirBundle } from './fhir-bundle'

/**
 * Who may export a patient's records: the clinicians who treat them (a
 * referral, a transfer of care) and admins (a release of information the
 * clinic makes). Auditors are left out: their role is to read and verify
 * here (`mediblock verify`), not to send PHI elsewhere.
 */
export const EXPORT_ROLES = [...CLINICAL_ROLES, 'admin'] as const satisfies readonly Role[]

/** Records the export leaves out, by why: no proof yet, or refused by the ledger. */
export interface ExcludedCounts {
  /** Waiting for the ledger (offline): no anchor, no proof yet. */
  readonly queued: number
  /** Sent in a batch not yet mined. */
  readonly submitted: number
  /** Refused by the ledger: not a valid record, only in the audit trail. */
  readonly rejected: number
}

/** A record whose local copy would not verify where it is sent, and why. */
export interface InconsistentRecord {
  readonly tid: string
  readonly problem: string
}

export interface FhirExport {
  /** Where the bundle was written. */
  readonly path: string
  readonly patientId: string
  readonly bundleId: string
  /** Records exported, each with its Provenance (registrations included). */
  readonly records: number
  /** Resources in the bundle. */
  readonly resources: number
  readonly excluded: ExcludedCounts
  /** Anchored records left out because this workstation's copy fails its own proof. */
  readonly inconsistent: readonly InconsistentRecord[]
  /** SHA-256 of the file as written, also in the audit log. */
  readonly sha256: string
}

export interface ExportOptions {
  /** The patient's id or MRN. */
  readonly patient: string
  /** The file to write; by default one in the data dir's exports/ folder. */
  readonly out?: string | undefined
  readonly now?: Date
}

/** Records of a state that carry no proof, and so are left out. */
const UNANCHORED: ReadonlySet<RecordState> = new Set(['queued', 'submitted', 'rejected'])

/** The patient's own (anchored) and pulled records, with their anchors, and what is left out. */
function collectRecords(
  app: App,
  session: ClinicSession,
  patientId: string
): { records: ExportRecord[]; excluded: ExcludedCounts } {
  const excluded = { queued: 0, submitted: 0, rejected: 0 }
  const records: ExportRecord[] = []
  const template = (id: number, version: number) => {
    const found = templateVersion(app, id, version)
    if (!found) throw makeError(`template ${id} version ${version} is not known here`, 'NOT_FOUND')
    return found
  }
  const open = (payload: Buffer, tid: string) => {
    const canonical = session.secrets.decryptPhi(payload, tid).toString('utf8')
    return { canonical, document: JSON.parse(canonical) as RecordDocument }
  }
  const anchorOf = (row: {
    chainBatch: number
    txHash: string
    blockNumber: number
    leafIndex: number
    proof: string
    anchoredAt: string
  }): RecordAnchor => ({
    chainBatch: row.chainBatch,
    txHash: row.txHash,
    blockNumber: row.blockNumber,
    leafIndex: row.leafIndex,
    proof: JSON.parse(row.proof) as string[],
    anchoredAt: row.anchoredAt
  })

  for (const stored of app.store.records.forPatient(patientId)) {
    if (UNANCHORED.has(stored.state)) {
      excluded[stored.state as keyof ExcludedCounts]++
      continue
    }
    const row = app.store.sync.outgoing(stored.tid)
    if (!row) throw makeError(`record ${stored.tid} has no anchor here`, 'INTERNAL')
    records.push({
      template: template(row.templateId, row.templateVersion),
      ...open(row.payload, row.tid),
      signed: JSON.parse(row.chainRecord) as SignedRecord,
      clinician: row.clinician,
      anchor: anchorOf(row)
    })
  }
  // Records of other workstations are kept only once verified against the chain.
  for (const pulled of app.store.sync.pulled(patientId)) {
    records.push({
      template: template(pulled.templateId, pulled.templateVersion),
      ...open(pulled.payload, pulled.tid),
      signed: JSON.parse(pulled.chainRecord) as SignedRecord,
      clinician: pulled.clinician,
      anchor: anchorOf(pulled)
    })
  }
  return { records, excluded }
}

/**
 * Exports one patient as a FHIR R4 Bundle (see {@link buildFhirBundle}) to a
 * file only its owner may read, and appends the export to the audit log:
 * who, which patient, how many records, and the file's SHA-256, never the
 * path or any PHI. Only anchored records (this workstation's, and those
 * pulled from others) go in, each with the proof a receiver verifies it by;
 * queued, in-flight and refused ones are counted, not exported. An anchored
 * record whose local copy fails its own proof (commitment, signer) is left
 * out and named, since a Provenance that cannot verify is worse than none.
 */
export async function exportPatientFhir(
  app: App,
  session: ClinicSession,
  options: ExportOptions
): Promise<FhirExport & { bundle: Bundle }> {
  requireRole(session, EXPORT_ROLES, 'export patient records')
  const config = app.store.getConfig('ledger')
  if (!config.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  const ledger: LedgerRef = { chainId: config.contract.chainId, address: config.contract.address }
  const patient = showPatient(app, session, options.patient)
  const now = options.now ?? new Date()

  const collected = collectRecords(app, session, patient.id)
  const inconsistent: InconsistentRecord[] = []
  const records = collected.records.filter((record) => {
    const problem = selfCheck(record, ledger)
    if (problem) inconsistent.push({ tid: record.document.tid, problem })
    return problem === null
  })
  const authors = new Map<string, ExportAuthor>(
    app.store.users
      .list()
      .map((u) => [
        u.address.toLowerCase(),
        { address: u.address, username: u.username, displayName: u.displayName }
      ])
  )
  const bundleId = randomUUID()
  const bundle = buildFhirBundle({
    bundleId,
    generatedAt: now,
    ledger,
    clinic: app.store.getConfig('clinic')?.name,
    patient,
    records,
    authors
  })
  const text = `${JSON.stringify(bundle, null, 2)}\n`
  const sha256 = createHash('sha256').update(text).digest('hex')
  const path =
    options.out ??
    join(
      app.paths.exportsDir,
      `patient-${patient.id}-${now.toISOString().replace(/[:.]/g, '-')}.fhir.json`
    )
  writeFileAtomic(path, text)
  const summary = {
    patientId: patient.id,
    bundleId,
    records: records.length,
    resources: bundle.entry?.length ?? 0,
    excluded: collected.excluded,
    inconsistent,
    sha256
  }
  try {
    app.store.auditLog.append({
      actor: session.user.username,
      action: 'patient.exported',
      subject: patient.id,
      detail: {
        format: 'fhir-r4-bundle',
        bundle: bundleId,
        records: summary.records,
        excluded: summary.excluded,
        inconsistent: inconsistent.map((r) => r.tid),
        sha256
      }
    })
  } catch (error) {
    // No export without its audit entry.
    rmSync(path, { force: true })
    throw error
  }
  app.log.info({ patient: patient.id, bundle: bundleId, records: records.length }, 'FHIR export')
  return { ...summary, path, bundle }
}
