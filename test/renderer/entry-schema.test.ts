import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  emptyValues,
  entryProblems,
  entrySchema,
  toAttributes,
  valuesFromRecord
} from '../../src/renderer/src/screens/entry/entry-schema'
import { checkRules } from '../../src/shared/rules'
import { chainTemplate, chainValues } from '../../src/shared/templates'
import { defaultTemplate } from './entry-fixtures'

const vitals = defaultTemplate('vital-signs.json')
const lab = defaultTemplate('lab-result.json')
const note = defaultTemplate('nursing-note.json')

const GOOD = { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.1 }

describe('the entry form schema of a template', () => {
  it('asks for the required attributes of an empty form', () => {
    expect(entryProblems(vitals, emptyValues(vitals))).toEqual({
      heartRate: 'Required.',
      systolic: 'Required.',
      diastolic: 'Required.',
      temperature: 'Required.'
    })
    expect(Object.keys(entryProblems(note, emptyValues(note)))).toEqual(['kind', 'note'])
  })

  it('names the ledger range of a value outside it, with the unit as a person writes it', () => {
    const values = { ...emptyValues(vitals), ...GOOD, heartRate: 300, temperature: 46 }
    expect(entryProblems(vitals, values)).toEqual({
      heartRate: 'The ledger accepts 20 to 250 /min.',
      temperature: 'The ledger accepts 30 to 45 °C.'
    })
  })

  it('checks what the core checks before signing: decimals and numbers', () => {
    const values = { ...emptyValues(vitals), ...GOOD, temperature: 37.15, weight: '7x' }
    expect(entryProblems(vitals, values)).toEqual({
      temperature: 'At most 1 decimal place.',
      weight: 'Give a number.'
    })
  })

  it('turns the values into attributes: numbers as numbers, blanks left out', () => {
    const values = { ...emptyValues(vitals), ...GOOD, spo2: '97', assessment: '  ' }
    expect(toAttributes(vitals, values)).toEqual({ ...GOOD, spo2: 97 })
    const parsed = entrySchema(vitals).safeParse(values)
    expect(parsed.success && parsed.data).toEqual({ ...GOOD, spo2: 97 })
    expect(entrySchema(vitals).safeParse({ ...values, heartRate: 10 }).success).toBe(false)
  })

  it('pre-fills a correction from the record, keeping only attributes the version has', () => {
    expect(valuesFromRecord(vitals, { ...GOOD, gone: 'x' })).toMatchObject(GOOD)
    expect(valuesFromRecord(vitals, GOOD)).not.toHaveProperty('gone')
  })

  it('refuses exactly what the shared rule check (the contract) refuses', () => {
    // Any numbers or blanks in the validated slots of the lab result and vital signs.
    for (const definition of [vitals, lab]) {
      const { rules } = chainTemplate(definition)
      const slots = definition.attributes.filter((a) => a.onChain)
      const value = fc.oneof(
        fc.constant(''),
        fc.integer({ min: -50, max: 4000 }),
        fc.constantFrom(...(slots[0]?.answers ?? []).map((c) => c.code), 'nope')
      )
      fc.assert(
        fc.property(fc.array(value, { minLength: slots.length, maxLength: slots.length }), (vs) => {
          const values = { ...emptyValues(definition) }
          slots.forEach((a, k) => {
            const v = vs[k]!
            // Codes for coded slots, numbers for the others.
            values[a.key] =
              a.type === 'coded' ? (typeof v === 'string' ? v : '') : typeof v === 'number' ? v : ''
          })
          const problems = entryProblems(definition, values)
          const chainProblems = slots.filter((a) => problems[a.key])
          const answers = Object.fromEntries(
            Object.entries(toAttributes(definition, values)).filter(
              (e): e is [string, string | number] => typeof e[1] !== 'boolean'
            )
          )
          const reason = checkRules(rules, chainValues(definition, answers))
          expect(chainProblems.length === 0).toBe(reason === 0)
        }),
        { numRuns: 300 }
      )
    }
  })
})
