import { makeError } from '../../shared/errors'
import type {
  PatientRegisterRequest,
  PatientRegisterResult,
  PatientSearchResult,
  PatientView,
  TimelineItem,
  TimelinePage
} from '../../shared/ipc/schemas'
import type { App } from '../core/create-app'
import { runtimeOf } from '../workstation/runtime'
import type { ClinicSession } from './clinic-session'
import { addPatient } from './patients-service'
import { timelineItem, timelinePage } from './timeline'

/** Searches of one user within this long make one audit entry. */
const SEARCH_AUDIT_WINDOW_MS = 60_000

const lastSearchAudit = new WeakMap<App, Map<string, number>>()

/**
 * Searches patients as one types (see `PatientIndex.search`). Results show
 * identities, so searching is audited, once a minute per user at most (a
 * name typed letter by letter makes one entry); the query itself is PHI and
 * never logged.
 */
export function searchPatients(
  app: App,
  session: ClinicSession,
  query: string,
  limit: number
): PatientSearchResult {
  const result = runtimeOf(app).patients(session).search(query, limit)
  const seen = lastSearchAudit.get(app) ?? new Map<string, number>()
  lastSearchAudit.set(app, seen)
  const { username } = session.user
  const now = Date.now()
  if (now - (seen.get(username) ?? 0) >= SEARCH_AUDIT_WINDOW_MS) {
    seen.set(username, now)
    app.store.auditLog.append({
      actor: username,
      action: 'patient.searched',
      detail: { shown: result.patients.length, matched: result.total }
    })
  }
  return result
}

/**
 * Registers a patient as `mediblock patient add` does, but answers as soon
 * as the registration record is signed and queued: the background drain
 * sends it, and its ACK arrives as `record:changed`.
 */
export async function registerPatient(
  app: App,
  session: ClinicSession,
  request: PatientRegisterRequest
): Promise<PatientRegisterResult> {
  const runtime = runtimeOf(app)
  const { patient, registration } = await addPatient(app, session, request, { drain: false })
  runtime.background?.watcher.watch(registration.tid, registration.state)
  runtime.background?.worker.kick()
  return {
    patient: { ...patient, mrn: patient.mrn ?? null },
    registration: { tid: registration.tid, state: registration.state }
  }
}

/** A patient by id (or MRN) and the newest page of their timeline; viewing is audited. */
export function getPatient(
  app: App,
  session: ClinicSession,
  request: { patientId: string; limit: number }
): PatientView {
  const runtime = runtimeOf(app)
  const patient = runtime.patients(session).find(request.patientId)
  if (!patient) throw makeError(`no patient ${request.patientId}`, 'NOT_FOUND')
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.viewed',
    subject: patient.id
  })
  return {
    patient,
    timeline: timelinePage(app, session.secrets, runtime.badges, {
      patientId: patient.id,
      limit: request.limit
    })
  }
}

/** A page of a patient's timeline (`records:list`); viewing is audited. */
export function viewTimeline(
  app: App,
  session: ClinicSession,
  request: { patientId: string; limit: number; before?: string | undefined }
): TimelinePage {
  const page = timelinePage(app, session.secrets, runtimeOf(app).badges, request)
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'patient.records-listed',
    subject: request.patientId,
    detail: { records: page.items.length }
  })
  return page
}

/** One record, decrypted (`records:get`); viewing is audited. */
export function viewRecord(app: App, session: ClinicSession, tid: string): TimelineItem {
  const item = timelineItem(app, session.secrets, runtimeOf(app).badges, tid)
  app.store.auditLog.append({ actor: session.user.username, action: 'record.viewed', subject: tid })
  return item
}
