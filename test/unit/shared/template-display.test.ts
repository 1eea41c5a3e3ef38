import { describe, expect, it } from 'vitest'
import labResult from '../../../resources/templates/lab-result.json'
import nursingNote from '../../../resources/templates/nursing-note.json'
import vitalSigns from '../../../resources/templates/vital-signs.json'
import {
  canonicalJson,
  criticalLimitFor,
  TemplateDefinition,
  type TemplateAttribute
} from '../../../src/shared/templates'

const problems = (definition: unknown) => {
  const result = TemplateDefinition.safeParse(definition)
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

/** The vital-signs template with its first attribute changed by `change`. */
const withHeartRate = (change: Record<string, unknown>) => ({
  ...vitalSigns,
  attributes: vitalSigns.attributes.map((a, i) => (i === 0 ? { ...a, ...change } : a))
})

describe("templates' usual ranges and critical limits (display only)", () => {
  it('come with the default vital signs (NEWS2 score 0) and lab result (per test and unit)', () => {
    const vitals = TemplateDefinition.parse(vitalSigns)
    const usual = Object.fromEntries(
      vitals.attributes.filter((a) => a.usualRange).map((a) => [a.key, a.usualRange])
    )
    expect(usual).toEqual({
      heartRate: { low: 51, high: 90, source: 'NEWS2 score 0' },
      systolic: { low: 111, high: 219, source: 'NEWS2 score 0' },
      temperature: { low: 36.1, high: 38, source: 'NEWS2 score 0' },
      respiratoryRate: { low: 12, high: 20, source: 'NEWS2 score 0' },
      spo2: { low: 96, high: 100, source: 'NEWS2 score 0' }
    })
    const value = TemplateDefinition.parse(labResult).attributes.find((a) => a.key === 'value')
    expect(value?.criticalLimits).toHaveLength(10)
  })

  it('leave a definition without them as it was: nothing added, so its hash stands', () => {
    const note = TemplateDefinition.parse(nursingNote)
    expect(canonicalJson(note)).not.toMatch(/usualRange|criticalLimits/)
  })

  it('are refused where they make no sense', () => {
    expect(problems(withHeartRate({ usualRange: { low: 90, high: 51, source: 'x' } }))).toEqual([
      'attributes.0.usualRange: the usual range is low to high'
    ])
    expect(
      problems(withHeartRate({ criticalLimits: [{ when: { rhythm: 'x' }, high: 200 }] }))
    ).toEqual([
      'attributes.0.criticalLimits.0.when: when names rhythm, not another attribute of this template'
    ])
    expect(
      problems(withHeartRate({ criticalLimits: [{ when: { heartRate: '1' }, high: 9 }] }))
    ).toEqual([
      'attributes.0.criticalLimits.0.when: when names heartRate, not another attribute of this template'
    ])
    expect(problems(withHeartRate({ criticalLimits: [{ low: 200, high: 30 }] }))).toEqual([
      'attributes.0.criticalLimits.0: a critical limit is low to high'
    ])
    expect(problems(withHeartRate({ criticalLimits: [{ when: {} }] }))).toEqual([
      'attributes.0.criticalLimits.0: a critical limit needs low, high or both'
    ])
    const assessment = vitalSigns.attributes.findIndex((a) => a.key === 'assessment')
    expect(
      problems({
        ...vitalSigns,
        attributes: vitalSigns.attributes.map((a, i) =>
          i === assessment ? { ...a, usualRange: { low: 1, high: 2, source: 'x' } } : a
        )
      })
    ).toEqual([`attributes.${assessment}: only a number has a usual range or critical limits`])
  })
})

describe('criticalLimitFor', () => {
  const attribute: Pick<TemplateAttribute, 'criticalLimits'> = {
    criticalLimits: [
      { when: { test: '2345-7', unit: 'mg/dL' }, low: 40, high: 450 },
      { when: { test: '2345-7' }, high: 25 },
      { when: { grade: '3' }, high: 1 },
      { low: 0 }
    ]
  }

  it('answers the first limit whose conditions the record meets, matching text without case', () => {
    expect(criticalLimitFor(attribute, { test: '2345-7', unit: 'MG/DL' })).toMatchObject({
      high: 450
    })
    expect(criticalLimitFor(attribute, { test: '2345-7', unit: 'mmol/L' })).toMatchObject({
      high: 25
    })
    // A number is compared as its text; a limit without conditions holds for any record.
    expect(criticalLimitFor(attribute, { grade: 3 })).toMatchObject({ high: 1 })
    expect(criticalLimitFor(attribute, { test: '718-7' })).toEqual({ low: 0 })
  })

  it('answers null without limits, or when none matches', () => {
    expect(criticalLimitFor(undefined, { test: '2345-7' })).toBeNull()
    expect(criticalLimitFor({}, { test: '2345-7' })).toBeNull()
    expect(
      criticalLimitFor({ criticalLimits: [{ when: { test: '1-1' }, high: 2 }] }, { test: true })
    ).toBeNull()
  })
})
