import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import { makeError } from '../../shared/errors'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import type { StoredPatient } from '../store/patients-repo'
import { requireRole, type ClinicSession } from './clinic-session'
import { addRecord, type RecordView } from './records-service'
import { findTemplate } from './templates-service'

/** A patient's identifying data: PHI, only ever stored encrypted. */
export const PatientDetails = z.strictObject({
  name: z.string().trim().min(1).max(200),
  dateOfBirth: z.iso.date(),
  sex: z.enum(['female', 'male', 'other', 'unknown']).default('unknown'),
  mrn: z.string().trim().min(1).max(64).optional()
})
export type PatientDetails = z.infer<typeof PatientDetails>

/** What a registration records besides the patient's identity (the ledger checks both). */
export const RegistrationFacts = z.strictObject({
  /** Consent to treatment and record keeping, as a LOINC answer: the ledger refuses a "no". */
  consent: z.enum(['yes', 'no']),
  idDocument: z.enum(['passport', 'id-card', 'driving-licence', 'none']).default('none'),
  address: z.string().trim().min(1).max(500).optional(),
  phone: z.string().trim().min(1).max(64).optional()
})
export type RegistrationFacts = z.input<typeof RegistrationFacts>

/** The patient-registration template's slug; its records carry every patient to the cloud. */
export const REGISTRATION_TEMPLATE = 'patient-registration'

const CONSENT_CODES = { yes: 'LA33-6', no: 'LA32-8' } as const

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

function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw makeError(
    `patient ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    'INVALID_ARGUMENT'
  )
}

/** A patient just registered, and the outcome of their registration record on the ledger. */
export interface Registration {
  readonly patient: Patient
  readonly registration: RecordView
  /** Why the ledger was not reached (the registration is queued); null when it was. */
  readonly ledgerError: string | null
}

/**
 * Registers a patient. The patient row (PHI encrypted under the clinic data
 * key, pseudonym derived) is there at once, so a clinic works offline; the
 * registration itself is a signed record of the patient-registration
 * template, validated by the ledger (consent given, an identity document
 * named) and synced like any record, which is how every workstation of the
 * clinic learns of the patient and how a changed identity is detected.
 */
export async function addPatient(
  app: App,
  session: ClinicSession,
  /** Identity (PatientDetails) and registration facts (RegistrationFacts), checked here. */
  input: Readonly<Record<string, unknown>>,
  /** `drain: false` leaves sending the registration to a background drain (see `addRecord`). */
  options: { readonly drain?: boolean } = {}
): Promise<Registration> {
  const template = findTemplate(app, REGISTRATION_TEMPLATE)
  requireRole(session, template.roles, 'register patients')
  const { consent, idDocument, address, phone, ...identity } = input
  const details = parseInput(PatientDetails, identity)
  const facts = parseInput(RegistrationFacts, { consent, idDocument, address, phone })
  if (details.mrn && openAll(app, session).some((p) => p.mrn === details.mrn)) {
    throw makeError(`a patient with MRN ${details.mrn} exists`, 'CONFLICT')
  }
  const id = randomUUID()
  const row = app.store.patients.insert({
    id,
    pseudonym: session.secrets.pseudonym(id),
    phi: session.secrets.encryptPhi(JSON.stringify(details), id),
    createdBy: session.user.id
  })
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.created',
    subject: id
  })
  const { record, ledgerError } = await addRecord(
    app,
    session,
    {
      patient: id,
      template: `${template.slug}@${template.version}`,
      attributes: {
        name: details.name,
        birthDate: details.dateOfBirth,
        sex: details.sex,
        ...(details.mrn ? { mrn: details.mrn } : {}),
        consent: CONSENT_CODES[facts.consent],
        idDocument: facts.idDocument,
        ...(facts.address ? { address: facts.address } : {}),
        ...(facts.phone ? { phone: facts.phone } : {})
      }
    },
    options
  )
  return { patient: open(session.secrets, row), registration: record, ledgerError }
}

/** Every patient, decrypted, by name (for lookups: nobody is shown them). */
function openAll(app: App, session: ClinicSession): Patient[] {
  return app.store.patients
    .list()
    .map((row) => open(session.secrets, row))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Every patient, decrypted, by name, for someone to look at: a list shows
 * every patient's identity, so it is audited like a view (one entry, with
 * how many were shown).
 */
export function listPatients(app: App, session: ClinicSession): Patient[] {
  const patients = openAll(app, session)
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.listed',
    detail: { patients: patients.length }
  })
  return patients
}

/** One patient by id or MRN; viewing is audited. */
export function showPatient(app: App, session: ClinicSession, idOrMrn: string): Patient {
  const row = app.store.patients.find(idOrMrn)
  const patient = row
    ? open(session.secrets, row)
    : openAll(app, session).find((p) => p.mrn === idOrMrn)
  if (!patient) throw makeError(`no patient ${idOrMrn}`, 'NOT_FOUND')
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.viewed',
    subject: patient.id
  })
  return patient
}
