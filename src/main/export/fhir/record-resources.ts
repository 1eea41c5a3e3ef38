import type {
  Annotation,
  CodeableConcept,
  Coding,
  DocumentReference,
  Observation,
  ObservationComponent,
  Patient,
  Practitioner,
  Quantity,
  Reference
} from '@medplum/fhirtypes'
import type { TemplateAttribute, TemplateDefinition } from '../../../shared/templates'
import type { AttributeValue } from '../../handshaker/attributes'
import type { ExportRecord } from './export-record'
import {
  BLOOD_PRESSURE_PARTS,
  BLOOD_PRESSURE_PROFILE,
  CATEGORY,
  CATEGORY_BY_LOINC,
  LOINC,
  MEDIBLOCK_CODES,
  NAMING,
  SYSTEM,
  UCUM_DISPLAY,
  VITAL_SIGNS,
  VITALS_PANEL_PROFILE
} from './fhir-codes'
import { derivedUuid, referenceTo } from './resource-ids'

/** What a record's resources point at, and how they stand against other records. */
export interface RecordContext {
  readonly patient: Reference<Patient>
  readonly author: Reference<Practitioner>
  /** The resource of the record this one corrects (it names the record by tid if not exported). */
  readonly revises?: Reference | undefined
  /** A later exported record corrects this one. */
  readonly superseded: boolean
}

/** The resources one record became. */
export interface RecordResources {
  /** The resource that stands for the record: the panel, the lab result, the note. */
  readonly main: Observation | DocumentReference
  /** Every resource of the record, `main` first. */
  readonly resources: readonly (Observation | DocumentReference)[]
}

/** The id of the resource that stands for a record, from its tid alone. */
export function mainResourceId(tid: string): string {
  return derivedUuid('record', tid)
}

const tidIdentifier = (value: string) => [{ system: NAMING.tid, value }]

/** A UCUM quantity; the unit reads as a person would write it. */
export function quantity(value: number, ucum?: string, display?: string): Quantity {
  if (!ucum) return { value }
  return { value, unit: display ?? UCUM_DISPLAY[ucum] ?? ucum, system: SYSTEM.ucum, code: ucum }
}

/** What an attribute is: its LOINC code, or MediBlock's `slug.key` when it has none. */
export function attributeCode(template: TemplateDefinition, attribute: TemplateAttribute): Coding {
  return (
    attribute.code ?? {
      system: MEDIBLOCK_CODES.templateAttribute,
      code: `${template.slug}.${attribute.key}`,
      display: attribute.label
    }
  )
}

const concept = (coding: Coding): CodeableConcept => ({
  coding: [coding],
  ...(coding.display ? { text: coding.display } : {})
})

/** An attribute's value as Observation.value[x]. */
function observationValue(
  attribute: TemplateAttribute,
  value: AttributeValue,
  unitDisplay?: string
): Partial<Observation> {
  switch (attribute.type) {
    case 'quantity':
      return { valueQuantity: quantity(Number(value), attribute.unit, unitDisplay) }
    case 'integer':
      return attribute.unit
        ? { valueQuantity: quantity(Number(value), attribute.unit, unitDisplay) }
        : { valueInteger: Number(value) }
    case 'coded': {
      const answer = attribute.answers?.find((a) => a.code === value)
      return {
        valueCodeableConcept: answer ? concept(answer) : { text: String(value) }
      }
    }
    case 'text':
      return { valueString: String(value) }
    case 'date':
      return { valueDateTime: String(value) }
    case 'boolean':
      return { valueBoolean: value === true }
  }
}

/** The fields every Observation of a record shares. */
function observationBase(record: ExportRecord, context: RecordContext) {
  return {
    resourceType: 'Observation' as const,
    status: record.document.supersedes ? ('corrected' as const) : ('final' as const),
    subject: context.patient,
    effectiveDateTime: record.document.time,
    issued: record.anchor.anchoredAt,
    performer: [context.author]
  }
}

/** One Observation per attribute present, for a panel's members. */
function memberObservation(
  record: ExportRecord,
  context: RecordContext,
  attribute: TemplateAttribute,
  value: AttributeValue
): Observation {
  const { template, document } = record
  const code = attributeCode(template, attribute)
  const vital =
    attribute.code?.system === SYSTEM.loinc ? VITAL_SIGNS[attribute.code.code] : undefined
  const categoryOf = vital
    ? CATEGORY.vitalSigns
    : attribute.code?.system === SYSTEM.loinc
      ? CATEGORY_BY_LOINC[attribute.code.code]
      : undefined
  return {
    ...observationBase(record, context),
    id: derivedUuid('record', document.tid, attribute.key),
    ...(vital ? { meta: { profile: [vital.profile] } } : {}),
    identifier: tidIdentifier(`${document.tid}#${attribute.key}`),
    ...(categoryOf ? { category: [categoryOf] } : {}),
    code: {
      coding: [...(vital?.codings ?? []), code],
      text: attribute.label
    },
    ...observationValue(attribute, value, vital?.unitDisplay)
  }
}

/** Text attributes with no code of their own, as notes ("Label: text"). */
function notesOf(
  template: TemplateDefinition,
  attributes: Readonly<Record<string, AttributeValue>>,
  keys: readonly string[]
): Annotation[] {
  return template.attributes
    .filter((a) => keys.includes(a.key) && attributes[a.key] !== undefined)
    .map((a) => ({ text: `${a.label}: ${String(attributes[a.key])}` }))
}

/**
 * A record as a panel Observation with one member Observation per attribute;
 * text attributes with no code become the panel's notes. Vital signs follow
 * the FHIR R4 vital-signs profiles: the vital signs panel (85353-1), systolic
 * and diastolic as components of one blood pressure panel (85354-9).
 */
function panelResources(
  record: ExportRecord,
  context: RecordContext,
  options: { code: CodeableConcept; category?: CodeableConcept; profile?: string }
): RecordResources {
  const { template, document } = record
  const { attributes } = document
  const members: Observation[] = []
  const noted: string[] = []
  const pressure: TemplateAttribute[] = []
  let pressureAt = 0
  for (const attribute of template.attributes) {
    const value = attributes[attribute.key]
    if (value === undefined) continue
    if (attribute.type === 'text' && !attribute.code) {
      noted.push(attribute.key)
    } else if (
      options.profile === VITALS_PANEL_PROFILE &&
      attribute.code?.system === SYSTEM.loinc &&
      BLOOD_PRESSURE_PARTS.has(attribute.code.code)
    ) {
      if (pressure.length === 0) pressureAt = members.length
      pressure.push(attribute)
    } else {
      members.push(memberObservation(record, context, attribute, value))
    }
  }
  if (pressure.length > 0) {
    const components: ObservationComponent[] = pressure.map((attribute) => ({
      code: concept(attributeCode(template, attribute)),
      valueQuantity: quantity(Number(attributes[attribute.key]), attribute.unit)
    }))
    members.splice(pressureAt, 0, {
      ...observationBase(record, context),
      id: derivedUuid('record', document.tid, 'bloodPressure'),
      meta: { profile: [BLOOD_PRESSURE_PROFILE] },
      identifier: tidIdentifier(`${document.tid}#bloodPressure`),
      category: [CATEGORY.vitalSigns],
      code: { ...concept(LOINC.bloodPressurePanel), text: 'Blood pressure' },
      component: components
    })
  }
  const notes = notesOf(template, attributes, noted)
  const panel: Observation = {
    ...observationBase(record, context),
    id: mainResourceId(document.tid),
    ...(options.profile ? { meta: { profile: [options.profile] } } : {}),
    identifier: tidIdentifier(document.tid),
    ...(options.category ? { category: [options.category] } : {}),
    code: options.code,
    ...(members.length > 0 ? { hasMember: members.map((m) => referenceTo(m)) } : {}),
    ...(notes.length > 0 ? { note: notes } : {}),
    // A panel with nothing but notes still says what it is.
    ...(members.length === 0 ? { dataAbsentReason: { text: 'no coded attributes' } } : {})
  }
  return { main: panel, resources: [panel, ...members] }
}

/** `H`, `L` or `N` against a reference range; nothing when the range does not tell. */
function interpretation(value: number, low?: number, high?: number): Coding | undefined {
  const flag = (code: string, display: string): Coding => ({
    system: SYSTEM.interpretation,
    code,
    display
  })
  if (low !== undefined && value < low) return flag('L', 'Low')
  if (high !== undefined && value > high) return flag('H', 'High')
  if (low !== undefined && high !== undefined) return flag('N', 'Normal')
  return undefined
}

/** A laboratory result: one Observation, coded by the test's LOINC code, with range and flag. */
function labResource(record: ExportRecord, context: RecordContext): RecordResources {
  const { template, document } = record
  const a = document.attributes
  const testAttribute = template.attributes.find((t) => t.key === 'test')
  const test = testAttribute?.answers?.find((t) => t.code === a['test'])
  const num = (key: string) => (typeof a[key] === 'number' ? a[key] : undefined)
  const value = num('value')
  const [low, high] = [num('referenceLow'), num('referenceHigh')]
  const unit = typeof a['unit'] === 'string' ? a['unit'] : undefined
  const flag = value === undefined ? undefined : interpretation(value, low, high)
  const observation: Observation = {
    ...observationBase(record, context),
    id: mainResourceId(document.tid),
    identifier: tidIdentifier(document.tid),
    category: [CATEGORY.laboratory],
    code: test ? concept(test) : { text: String(a['test'] ?? template.title) },
    ...(value === undefined
      ? { dataAbsentReason: { text: 'no value' } }
      : { valueQuantity: quantity(value, unit) }),
    ...(low !== undefined || high !== undefined
      ? {
          referenceRange: [
            {
              ...(low !== undefined ? { low: quantity(low, unit) } : {}),
              ...(high !== undefined ? { high: quantity(high, unit) } : {})
            }
          ]
        }
      : {}),
    ...(flag ? { interpretation: [{ coding: [flag], text: flag.display ?? '' }] } : {}),
    ...(typeof a['comment'] === 'string' ? { note: [{ text: a['comment'] }] } : {})
  }
  return { main: observation, resources: [observation] }
}

/**
 * A nursing note: a DocumentReference (LOINC 34746-8, Nurse Note) whose
 * attachment is the note's text, its kind as category; a pain score given
 * with it becomes an Observation derived from the note.
 */
function noteResources(record: ExportRecord, context: RecordContext): RecordResources {
  const { template, document } = record
  const a = document.attributes
  const kindAttribute = template.attributes.find((t) => t.key === 'kind')
  const kind = kindAttribute?.answers?.find((k) => k.code === a['kind'])
  const text = typeof a['note'] === 'string' ? a['note'] : ''
  const note: DocumentReference = {
    resourceType: 'DocumentReference',
    id: mainResourceId(document.tid),
    identifier: tidIdentifier(document.tid),
    status: context.superseded ? 'superseded' : 'current',
    docStatus: document.supersedes ? 'amended' : 'final',
    type: concept(LOINC.nurseNote),
    ...(kind ? { category: [concept(kind)] } : {}),
    subject: context.patient,
    date: document.time,
    author: [context.author],
    // A note corrects a note: what it replaces is a DocumentReference.
    ...(context.revises
      ? {
          relatesTo: [{ code: 'replaces', target: context.revises as Reference<DocumentReference> }]
        }
      : {}),
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          data: Buffer.from(text, 'utf8').toString('base64'),
          title: `${kind?.display ?? 'Nursing'} note`,
          creation: document.time
        }
      }
    ]
  }
  const others = template.attributes.filter(
    (t) => t.key !== 'kind' && t.key !== 'note' && a[t.key] !== undefined
  )
  const derived = others.map((attribute) => ({
    ...memberObservation(record, context, attribute, a[attribute.key] as AttributeValue),
    derivedFrom: [referenceTo(note)]
  }))
  return { main: note, resources: [note, ...derived] }
}

/** How each known template's records become FHIR; any other template becomes a panel. */
export function recordResources(record: ExportRecord, context: RecordContext): RecordResources {
  const { template } = record
  switch (template.slug) {
    case 'vital-signs':
      return panelResources(record, context, {
        code: { ...concept(LOINC.vitalSignsPanel), text: template.title },
        category: CATEGORY.vitalSigns,
        profile: VITALS_PANEL_PROFILE
      })
    case 'lab-result':
      return labResource(record, context)
    case 'nursing-note':
      return noteResources(record, context)
    default:
      return panelResources(record, context, {
        code: {
          coding: [
            { system: MEDIBLOCK_CODES.template, code: template.slug, display: template.title }
          ],
          text: template.title
        }
      })
  }
}
