import type { CodeableConcept, Coding } from '@medplum/fhirtypes'

/**
 * Code systems, naming systems and the MediBlock extension URLs of the FHIR
 * export, and the LOINC/UCUM facts the templates do not carry themselves.
 *
 * The templates already name each attribute's LOINC code and UCUM unit
 * (`code`, `unit` in resources/templates/*.json); what lives here is what a
 * FHIR receiver needs on top: panel codes, the vital-signs profiles, unit
 * displays, categories. It is kept here rather than in the template files
 * because a template's definition hash is on chain and in every record
 * signed under it (src/shared/templates/template-hash.ts): a field added to
 * a template file would make a new definition, not annotate the old one.
 */

/** Where MediBlock's own FHIR definitions live (a placeholder domain until the clinic has one). */
export const MEDIBLOCK_FHIR = 'https://mediblock.example/fhir'

/** Code and naming systems of HL7 and others. */
export const SYSTEM = {
  loinc: 'http://loinc.org',
  ucum: 'http://unitsofmeasure.org',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  participantType: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  dataOperation: 'http://terminology.hl7.org/CodeSystem/v3-DataOperation',
  /** ASTM E1762-95 signature types, as FHIR's Signature.type uses them. */
  signatureType: 'urn:iso-astm:E1762-95:2013',
  /** RFC 3986 URIs as identifiers (`urn:uuid:…`). */
  uri: 'urn:ietf:rfc:3986'
} as const

/** MediBlock's extensions on Provenance (docs/FHIR.md says what each holds). */
export const EXTENSION = {
  /** Where the record is anchored: chain, ledger, batch, transaction, leaf and Merkle proof. */
  anchor: `${MEDIBLOCK_FHIR}/StructureDefinition/anchor`,
  /** The EIP-712 record the clinician signed: the inputs of the digest. */
  signedRecord: `${MEDIBLOCK_FHIR}/StructureDefinition/signed-record`,
  /** The salted canonical record (T_I), the commitment's preimage, base64. */
  recordDocument: `${MEDIBLOCK_FHIR}/StructureDefinition/record-document`
} as const

/** MediBlock's identifier systems. */
export const NAMING = {
  /** A record's tid (0x + 32 hex digits), on the resource it became. */
  tid: `${MEDIBLOCK_FHIR}/NamingSystem/record-tid`,
  /** A patient's id at the clinic (the id every record's T_I names). */
  patient: `${MEDIBLOCK_FHIR}/NamingSystem/patient-id`,
  /** A clinician's Ethereum address (lower case), the key their records are signed with. */
  clinicianAddress: `${MEDIBLOCK_FHIR}/NamingSystem/clinician-address`,
  /** A clinician's username at the clinic. */
  username: `${MEDIBLOCK_FHIR}/NamingSystem/username`,
  /** A ledger contract, as `eip155:<chainId>:<address>` (CAIP-10). */
  ledger: `${MEDIBLOCK_FHIR}/NamingSystem/ledger`
} as const

/** The system of the clinic's MRNs: one per clinic, named by its ledger. */
export function mrnSystem(chainId: number, ledgerAddress: string): string {
  return `${MEDIBLOCK_FHIR}/ledger/${chainId}/${ledgerAddress.toLowerCase()}/mrn`
}

/** MediBlock's code systems, for what no standard code names. */
export const MEDIBLOCK_CODES = {
  /** A template by slug: the code of a record with no standard panel code. */
  template: `${MEDIBLOCK_FHIR}/CodeSystem/template`,
  /** A template attribute as `slug.key`, for attributes with no LOINC code. */
  templateAttribute: `${MEDIBLOCK_FHIR}/CodeSystem/template-attribute`
} as const

const loinc = (code: string, display: string): Coding => ({ system: SYSTEM.loinc, code, display })

/** LOINC codes the export adds (panels, document types). */
export const LOINC = {
  vitalSignsPanel: loinc(
    '85353-1',
    'Vital signs, weight, height, head circumference, oxygen saturation and BMI panel'
  ),
  bloodPressurePanel: loinc('85354-9', 'Blood pressure panel with all children optional'),
  systolic: loinc('8480-6', 'Systolic blood pressure'),
  diastolic: loinc('8462-4', 'Diastolic blood pressure'),
  nurseNote: loinc('34746-8', 'Nurse Note')
} as const

/** An observation category (vital-signs, laboratory, social-history, survey, …). */
export function category(code: string, display: string): CodeableConcept {
  return { coding: [{ system: SYSTEM.observationCategory, code, display }] }
}

export const CATEGORY = {
  vitalSigns: category('vital-signs', 'Vital Signs'),
  laboratory: category('laboratory', 'Laboratory'),
  socialHistory: category('social-history', 'Social History'),
  survey: category('survey', 'Survey')
} as const

/** The FHIR R4 vital-signs profile a measurement's Observation follows. */
const profile = (name: string) => `http://hl7.org/fhir/StructureDefinition/${name}`
export const VITALS_PANEL_PROFILE = profile('vitalspanel')
export const BLOOD_PRESSURE_PROFILE = profile('bp')

/** What FHIR adds to a template attribute with a vital-sign LOINC code. */
export interface VitalSignFacts {
  /** The FHIR vital-signs profile its Observation conforms to. */
  readonly profile: string
  /** Codings the profile requires before the template's own (which stays, as a translation). */
  readonly codings?: readonly Coding[]
  /** How the UCUM unit reads to a person (the code stays UCUM). */
  readonly unitDisplay?: string
}

/** Vital signs by the template attribute's LOINC code. */
export const VITAL_SIGNS: Readonly<Record<string, VitalSignFacts>> = {
  '8867-4': { profile: profile('heartrate'), unitDisplay: 'beats/minute' },
  '9279-1': { profile: profile('resprate'), unitDisplay: 'breaths/minute' },
  '8310-5': { profile: profile('bodytemp') },
  // The FHIR profile wants arterial saturation 2708-6; pulse oximetry 59408-5 is its more exact child.
  '59408-5': {
    profile: profile('oxygensat'),
    codings: [loinc('2708-6', 'Oxygen saturation in Arterial blood')]
  },
  '29463-7': { profile: profile('bodyweight') }
}

/** The two LOINC codes that become components of one blood pressure panel. */
export const BLOOD_PRESSURE_PARTS: ReadonlySet<string> = new Set(['8480-6', '8462-4'])

/** Categories of other LOINC-coded attributes (the new patient assessment's questions). */
export const CATEGORY_BY_LOINC: Readonly<Record<string, CodeableConcept>> = {
  '72166-2': CATEGORY.socialHistory,
  '68518-0': CATEGORY.socialHistory,
  '44250-9': CATEGORY.survey,
  '44255-8': CATEGORY.survey,
  '72514-3': CATEGORY.survey
}

/** Displays of UCUM units where the code is not what a person reads. */
export const UCUM_DISPLAY: Readonly<Record<string, string>> = {
  'mm[Hg]': 'mmHg',
  Cel: '°C',
  '{score}': 'score'
}
