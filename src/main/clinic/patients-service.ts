import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { makeError } from '../../shared/errors'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import type { StoredPatient } from '../store/patients-repo'
import { requireRole, type ClinicSession } from './clinic-session'

/** A patient's identifying data: PHI, only ever stored encrypted. */
export const PatientDetails = z.strictObject({
  name: z.string().trim().min(1).max(200),
  dateOfBirth: z.iso.date(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).default('unknown'),
  mrn: z.string().trim().min(1).max(64).optional()
})
export type PatientDetails = z.infer<typeof PatientDetails>

export interface Patient extends PatientDetails {
  readonly id: string
  readonly pseudonym: string
  readonly createdAt: string
}

function open(secrets: DeviceSecrets, row: StoredPatient): Patient {
  const details = PatientDetails.parse(
    JSON.parse(secrets.decryptPhi(row.phi, row.id).toString('utf8'))
  )
  return { id: row.id, pseudonym: row.pseudonym, createdAt: row.createdAt, ...details }
}

/** Registers a patient: PHI encrypted under the clinic data key, pseudonym derived. */
export function addPatient(app: App, session: ClinicSession, input: unknown): Patient {
  requireRole(session, ['doctor', 'nurse', 'pathologist', 'admin'], 'register patients')
  const parsed = PatientDetails.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw makeError(
      `patient ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      'INVALID_ARGUMENT'
    )
  }
  if (parsed.data.mrn && listPatients(app, session).some((p) => p.mrn === parsed.data.mrn)) {
    throw makeError(`a patient with MRN ${parsed.data.mrn} exists`, 'CONFLICT')
  }
  const id = randomUUID()
  const row = app.store.patients.insert({
    id,
    pseudonym: session.secrets.pseudonym(id),
    phi: session.secrets.encryptPhi(JSON.stringify(parsed.data), id),
    createdBy: session.user.id
  })
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.created',
    subject: id
  })
  return open(session.secrets, row)
}

/** Every patient, decrypted, by name. */
export function listPatients(app: App, session: ClinicSession): Patient[] {
  return app.store.patients
    .list()
    .map((row) => open(session.secrets, row))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/** One patient by id or MRN; viewing is audited. */
export function showPatient(app: App, session: ClinicSession, idOrMrn: string): Patient {
  const row = app.store.patients.find(idOrMrn)
  const patient = row
    ? open(session.secrets, row)
    : listPatients(app, session).find((p) => p.mrn === idOrMrn)
  if (!patient) throw makeError(`no patient ${idOrMrn}`, 'NOT_FOUND')
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.viewed',
    subject: patient.id
  })
  return patient
}
