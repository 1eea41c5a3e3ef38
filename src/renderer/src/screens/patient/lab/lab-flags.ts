import type { TimelineItem } from '../../../../../shared/ipc/schemas'
import { criticalLimitFor, type TemplateDefinition } from '../../../../../shared/templates'

/** The template lab results are signed under. */
export const LAB_TEMPLATE = 'lab-result'

export type LabFlagLevel = 'critical-high' | 'critical-low' | 'high' | 'low' | 'normal' | 'unknown'

/** A result's flag: a level for sorting and colour, and words that say it without the colour. */
export interface LabFlag {
  level: LabFlagLevel
  words: string
  color: string
  /** Whether it deserves a clinician's attention (anything but normal or unknown). */
  flagged: boolean
}

const FLAGS: Record<LabFlagLevel, Omit<LabFlag, 'level'>> = {
  'critical-high': { words: 'Critical high', color: 'red', flagged: true },
  'critical-low': { words: 'Critical low', color: 'red', flagged: true },
  high: { words: 'High', color: 'orange', flagged: true },
  low: { words: 'Low', color: 'orange', flagged: true },
  normal: { words: 'Normal', color: 'green', flagged: false },
  unknown: { words: 'No reference range', color: 'gray', flagged: false }
}

/** Most urgent first: how the table sorts its flag column. */
export const FLAG_ORDER: readonly LabFlagLevel[] = [
  'critical-high',
  'critical-low',
  'high',
  'low',
  'normal',
  'unknown'
]

const numberOf = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

/** A lab result's fields, read from its attributes (keys of the lab-result template). */
export interface LabValues {
  test: string | null
  value: number | null
  unit: string | null
  low: number | null
  high: number | null
  comment: string | null
}

export function labValues(attributes: TimelineItem['attributes']): LabValues {
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null)
  return {
    test: text(attributes['test']),
    value: numberOf(attributes['value']),
    unit: text(attributes['unit']),
    low: numberOf(attributes['referenceLow']),
    high: numberOf(attributes['referenceHigh']),
    comment: text(attributes['comment'])
  }
}

/**
 * How a result compares with its critical limits, then its own reference
 * range. The critical (panic) limits are the template's, on its `value`
 * attribute, for the result's test and unit (the default lab-result
 * template lists those a typical hospital laboratory does for its five
 * tests); `definition` is the version the result was signed under, or
 * undefined while it loads (High and Low still show).
 */
export function labFlag(
  values: LabValues,
  definition: TemplateDefinition | null | undefined,
  attributes: TimelineItem['attributes']
): LabFlag {
  const level = ((): LabFlagLevel => {
    const { value, low, high } = values
    if (value === null) return 'unknown'
    const critical = criticalLimitFor(
      definition?.attributes.find((a) => a.key === 'value'),
      attributes
    )
    if (critical?.high !== undefined && value >= critical.high) return 'critical-high'
    if (critical?.low !== undefined && value <= critical.low) return 'critical-low'
    if (high !== null && value > high) return 'high'
    if (low !== null && value < low) return 'low'
    return low === null && high === null ? 'unknown' : 'normal'
  })()
  return { level, ...FLAGS[level] }
}

/** `70–99 mg/dL`, `≤ 99 mg/dL`, or null without a range. */
export function rangeText(values: LabValues): string | null {
  const unit = values.unit ? ` ${values.unit}` : ''
  if (values.low !== null && values.high !== null) return `${values.low}–${values.high}${unit}`
  if (values.high !== null) return `≤ ${values.high}${unit}`
  if (values.low !== null) return `≥ ${values.low}${unit}`
  return null
}

/** The test's name from the template's answers (`Glucose [Mass/volume] …`), or its code. */
export function testName(definition: TemplateDefinition | null | undefined, code: string | null) {
  if (!code) return 'Unnamed test'
  const answers = definition?.attributes.find((a) => a.key === 'test')?.answers
  return answers?.find((answer) => answer.code === code)?.display ?? code
}

/** One sentence for the timeline: `High: 180 mg/dL (reference 70–99 mg/dL)`. */
export function flagSentence(values: LabValues, flag: LabFlag): string {
  const value =
    values.value === null ? 'no value' : `${values.value}${values.unit ? ` ${values.unit}` : ''}`
  const range = rangeText(values)
  return `${flag.words}: ${value}${range ? ` (reference ${range})` : ''}`
}
