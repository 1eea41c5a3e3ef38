import { describe, expect, it } from 'vitest'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import { templateBySlug } from '../../fixtures/templates'
import {
  attributeKey,
  checkAttributes,
  parseAttributeText
} from '../../../src/main/handshaker/attributes'
import { toErrorPayload } from '../../../src/shared/errors'
import { thrown } from '../../support/thrown'

const templates = defaultTemplates()
const vitals = templateBySlug('vital-signs')
const required = Object.fromEntries(
  vitals.attributes.filter((a) => a.required).map((a) => [a.key, a.type === 'quantity' ? 50 : 'x'])
)

describe('record attributes', () => {
  it('maps CLI names to template keys', () => {
    expect(attributeKey('heart_rate')).toBe('heartRate')
    expect(attributeKey('heart-rate')).toBe('heartRate')
    expect(attributeKey('spo2')).toBe('spo2')
  })

  it('parses --set text by attribute type', () => {
    expect(parseAttributeText(vitals, ['heart_rate=72', 'temperature=37.2'])).toEqual({
      heartRate: 72,
      temperature: 37.2
    })
    expect(thrown(() => parseAttributeText(vitals, ['heart_rate=fast'])).message).toMatch(
      /Heart rate \(heartRate\) must be a number/
    )
    expect(thrown(() => parseAttributeText(vitals, ['pulse=72'])).message).toMatch(
      /no attribute pulse/
    )
    expect(thrown(() => parseAttributeText(vitals, ['=72'])).code).toBe('INVALID_ARGUMENT')
  })

  it('accepts a complete entry and drops empty values', () => {
    expect(checkAttributes(vitals, { ...required, weight: '' })).toEqual(required)
  })

  it('refuses missing required values, unknown keys and wrong types', () => {
    const missing = Object.keys(required)[0] ?? ''
    const { [missing]: _dropped, ...partial } = required
    expect(thrown(() => checkAttributes(vitals, partial)).message).toMatch(/is required/)
    expect(thrown(() => checkAttributes(vitals, { ...required, bogus: 1 })).message).toMatch(
      /no attribute bogus/
    )
    expect(thrown(() => checkAttributes(vitals, { ...required, heartRate: '72' })).message).toMatch(
      /must be a number/
    )
    expect(thrown(() => checkAttributes(vitals, { ...required, heartRate: 72.5 })).message).toMatch(
      /whole number/
    )
    expect(
      thrown(() => checkAttributes(vitals, { ...required, temperature: 37.25 })).message
    ).toMatch(/at most 1 decimal place/)
  })

  it('names the attribute at fault as the request field, which crosses the boundary', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...required, heartRate: 72.5 }, 'attributes.heartRate'],
      [{ ...required, bogus: 1 }, 'attributes.bogus'],
      [{ ...required, temperature: 'warm' }, 'attributes.temperature']
    ]
    for (const [values, field] of cases) {
      const error = thrown(() => checkAttributes(vitals, values))
      expect(toErrorPayload(error)).toEqual({
        code: 'INVALID_ARGUMENT',
        message: error.message,
        field
      })
    }
  })

  it('leaves the on-chain rules to the ledger: an out-of-range value is a valid entry', () => {
    expect(checkAttributes(vitals, { ...required, heartRate: 400 })).toMatchObject({
      heartRate: 400
    })
  })

  it('checks coded answers against the answer list', () => {
    const coded = templates
      .flatMap((t) => t.attributes.map((a) => ({ t, a })))
      .find(({ a }) => a.type === 'coded')
    if (!coded) throw new Error('no coded attribute in the default templates')
    const { t, a } = coded
    const base = Object.fromEntries(
      t.attributes
        .filter((x) => x.required)
        .map((x) => [
          x.key,
          x.type === 'coded'
            ? x.answers?.[0]?.code
            : x.type === 'text'
              ? 'x'
              : x.type === 'date'
                ? '2026-01-01'
                : x.type === 'boolean'
                  ? true
                  : 1
        ])
    )
    const first = a.answers?.[0]?.code
    expect(checkAttributes(t, { ...base, [a.key]: first })).toMatchObject({ [a.key]: first })
    expect(thrown(() => checkAttributes(t, { ...base, [a.key]: 'not-an-answer' })).message).toMatch(
      /must be one of/
    )
  })
})
