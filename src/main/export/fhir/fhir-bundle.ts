import type {
  Bundle,
  Patient,
  Practitioner,
  Provenance,
  Reference,
  Resource
} from '@medplum/fhirtypes'
import { anchorProvenance } from './anchor-provenance'
import type { ExportAuthor, ExportPatient, ExportRecord, LedgerRef } from './export-record'
import { mrnSystem, NAMING, SYSTEM } from './fhir-codes'
import { mainResourceId, recordResources } from './record-resources'
import { derivedUuid, fullUrl, referenceTo } from './resource-ids'

/** The template whose records register a patient (see clinic/patients-service.ts). */
const REGISTRATION = 'patient-registration'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export interface BundleInput {
  readonly bundleId: string
  readonly generatedAt: Date
  readonly ledger: LedgerRef
  /** The clinic's name, as the MRN's assigner. */
  readonly clinic?: string | null | undefined
  readonly patient: ExportPatient
  /** The patient's anchored records, registrations among them, in any order. */
  readonly records: readonly ExportRecord[]
  /** Clinicians by lower-case address; one not known here is named by the record's username. */
  readonly authors: ReadonlyMap<string, ExportAuthor>
}

function patientResource(input: BundleInput, registration: ExportRecord | undefined): Patient {
  const { patient, ledger } = input
  const facts = registration?.document.attributes ?? {}
  const address = typeof facts['address'] === 'string' ? facts['address'] : undefined
  const phone = typeof facts['phone'] === 'string' ? facts['phone'] : undefined
  return {
    resourceType: 'Patient',
    id: UUID.test(patient.id) ? patient.id : derivedUuid('patient', patient.id),
    identifier: [
      ...(patient.mrn
        ? [
            {
              use: 'usual' as const,
              type: {
                coding: [
                  { system: SYSTEM.identifierType, code: 'MR', display: 'Medical record number' }
                ]
              },
              system: mrnSystem(ledger.chainId, ledger.address),
              value: patient.mrn,
              ...(input.clinic ? { assigner: { display: input.clinic } } : {})
            }
          ]
        : []),
      { use: 'secondary' as const, system: NAMING.patient, value: patient.id }
    ],
    // One full name as entered: splitting it into given and family names would be a guess.
    name: [{ use: 'official', text: patient.name }],
    gender: patient.sex,
    birthDate: patient.dateOfBirth,
    ...(phone ? { telecom: [{ system: 'phone' as const, value: phone }] } : {}),
    ...(address ? { address: [{ text: address }] } : {})
  }
}

function practitionerResource(author: ExportAuthor): Practitioner {
  const address = author.address.toLowerCase()
  return {
    resourceType: 'Practitioner',
    id: derivedUuid('practitioner', address),
    identifier: [
      { system: NAMING.clinicianAddress, value: address },
      { system: NAMING.username, value: author.username }
    ],
    name: [{ text: author.displayName }]
  }
}

/**
 * The FHIR R4 Bundle of one patient: the Patient, the Practitioners who
 * authored their records, each anchored record as Observations or a
 * DocumentReference, and one Provenance per record (the Patient's from
 * each registration) carrying what a receiver needs to verify the record
 * against the ledger.
 *
 * The bundle is a `collection`, not a `document`: a FHIR document is one
 * composition attested as a whole (a Composition first, signed together),
 * which this is not. It is a set of resources, each anchored and signed on
 * its own, that a receiver may import and verify one by one.
 */
export function buildFhirBundle(input: BundleInput): Bundle {
  const records = [...input.records].sort(
    (a, b) =>
      a.document.time.localeCompare(b.document.time) || a.document.tid.localeCompare(b.document.tid)
  )
  const registrations = records.filter((r) => r.template.slug === REGISTRATION)
  const clinical = records.filter((r) => r.template.slug !== REGISTRATION)
  const patient = patientResource(input, registrations.at(-1))
  const patientRef = referenceTo(patient)

  const practitioners = new Map<string, Practitioner>()
  const authorRef = (record: ExportRecord): Reference<Practitioner> => {
    const address = record.clinician.toLowerCase()
    let practitioner = practitioners.get(address)
    if (!practitioner) {
      const known = input.authors.get(address)
      practitioner = practitionerResource(
        known ?? {
          address,
          username: record.document.author.username,
          displayName: record.document.author.username
        }
      )
      practitioners.set(address, practitioner)
    }
    return referenceTo(practitioner)
  }

  const exported = new Set(clinical.map((r) => r.document.tid))
  const corrected = new Set(records.map((r) => r.document.supersedes).filter((t) => t !== null))
  // A correction points at the resource of the record it corrects when that is in the bundle,
  // else at the record by tid.
  const revises = (tid: string | null): Reference | undefined =>
    tid === null
      ? undefined
      : exported.has(tid)
        ? { reference: `urn:uuid:${mainResourceId(tid)}` }
        : { identifier: { system: NAMING.tid, value: tid } }

  const patientProvenance: Provenance[] = registrations.map((record) =>
    anchorProvenance(record, input.ledger, {
      targets: [patientRef],
      author: authorRef(record),
      revises: revises(record.document.supersedes)
    })
  )
  const recordEntries: Resource[] = clinical.flatMap((record) => {
    const author = authorRef(record)
    const { resources } = recordResources(record, {
      patient: patientRef,
      author,
      revises: revises(record.document.supersedes),
      superseded: corrected.has(record.document.tid)
    })
    const provenance = anchorProvenance(record, input.ledger, {
      targets: resources.map((r) => referenceTo<Resource>(r)),
      author,
      revises: revises(record.document.supersedes)
    })
    return [...resources, provenance]
  })

  const resources: Resource[] = [
    patient,
    ...patientProvenance,
    ...practitioners.values(),
    ...recordEntries
  ]
  const at = input.generatedAt.toISOString()
  return {
    resourceType: 'Bundle',
    id: input.bundleId,
    meta: { lastUpdated: at },
    identifier: { system: SYSTEM.uri, value: `urn:uuid:${input.bundleId}` },
    type: 'collection',
    timestamp: at,
    entry: resources.map((resource) => ({ fullUrl: fullUrl(resource), resource }))
  }
}
