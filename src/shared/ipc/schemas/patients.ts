import { z } from 'zod'
import { PatientId, Tid } from './common'
import { RecordState, TimelinePage } from './records'

/** A patient as the screens show them: decrypted in the core, never stored in clear. */
export const PatientSummary = z.object({
  id: PatientId,
  name: z.string(),
  /** `YYYY-MM-DD`. */
  dateOfBirth: z.string(),
  sex: z.enum(['female', 'male', 'other', 'unknown']),
  mrn: z.string().nullable(),
  createdAt: z.string()
})
export type PatientSummary = z.infer<typeof PatientSummary>

/**
 * `patients:search`: a part of a name (any word, any case, accents ignored),
 * of an MRN, or of a date of birth (`1980`, `1980-04`, `04-02`). An empty
 * query lists patients by name.
 */
export const PatientSearchRequest = z
  .object({
    query: z.string().max(200),
    limit: z.int().min(1).max(200).default(50)
  })
  .strict()

export const PatientSearchResult = z.object({
  patients: z.array(PatientSummary),
  /** How many patients match in all (the answer holds at most `limit`). */
  total: z.int().nonnegative()
})
export type PatientSearchResult = z.infer<typeof PatientSearchResult>

/** `patients:register`: the fields of `mediblock patient add`. */
export const PatientRegisterRequest = z
  .object({
    name: z.string().trim().min(1).max(200),
    dateOfBirth: z.iso.date(),
    sex: z.enum(['female', 'male', 'other', 'unknown']).default('unknown'),
    mrn: z.string().trim().min(1).max(64).optional(),
    /** Consent to treatment and record keeping: the ledger refuses a "no". */
    consent: z.enum(['yes', 'no']),
    idDocument: z.enum(['passport', 'id-card', 'driving-licence', 'none']).default('none'),
    address: z.string().trim().min(1).max(500).optional(),
    phone: z.string().trim().min(1).max(64).optional()
  })
  .strict()
export type PatientRegisterRequest = z.infer<typeof PatientRegisterRequest>

/**
 * The patient, there at once; their registration is a signed record whose
 * ACK arrives as `record:changed` (a refused consent shows there).
 */
export const PatientRegisterResult = z.object({
  patient: PatientSummary,
  registration: z.object({ tid: Tid, state: RecordState })
})
export type PatientRegisterResult = z.infer<typeof PatientRegisterResult>

/** `patients:get`: a patient by id (or MRN), with the newest page of their timeline. */
export const PatientGetRequest = z
  .object({
    patientId: z.string().min(1).max(64),
    /** Timeline items in the first page. */
    limit: z.int().min(1).max(500).default(100)
  })
  .strict()

export const PatientView = z.object({
  patient: PatientSummary,
  timeline: TimelinePage
})
export type PatientView = z.infer<typeof PatientView>
