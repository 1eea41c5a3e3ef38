import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import {
  labFlag,
  labValues,
  type LabValues
} from '../../src/renderer/src/screens/patient/lab/lab-flags'
import labResult from '../../resources/templates/lab-result.json'
import { TemplateDefinition } from '../../src/shared/templates'
import { record } from './fixtures'
import { LAB_REF, logOut, renderPatientPage } from './patient-fixtures'

afterEach(logOut)

const values = (over: Partial<LabValues>): LabValues => ({
  test: '2345-7',
  value: 90,
  unit: 'mg/dL',
  low: 70,
  high: 99,
  comment: null,
  ...over
})

const LAB = TemplateDefinition.parse(labResult)

/** The record's attributes the values were read from. */
const attributesOf = (v: LabValues) => ({
  ...(v.test === null ? {} : { test: v.test }),
  ...(v.value === null ? {} : { value: v.value }),
  ...(v.unit === null ? {} : { unit: v.unit }),
  ...(v.low === null ? {} : { referenceLow: v.low }),
  ...(v.high === null ? {} : { referenceHigh: v.high })
})

const flagOf = (v: LabValues, definition: TemplateDefinition | null = LAB) =>
  labFlag(v, definition, attributesOf(v))

describe('lab flags', () => {
  it('flags against the result’s own reference range, and the template’s critical limits for its test and unit', () => {
    const level = (over: Partial<LabValues>) => flagOf(values(over)).level
    expect(level({ value: 90 })).toBe('normal')
    expect(level({ value: 99 })).toBe('normal')
    expect(level({ value: 180 })).toBe('high')
    expect(level({ value: 60 })).toBe('low')
    expect(level({ value: 500 })).toBe('critical-high')
    expect(level({ value: 35 })).toBe('critical-low')
    // Critical limits are per unit: 500 mmol/L is not read as mg/dL.
    expect(level({ value: 30, unit: 'mmol/L', low: 3.9, high: 5.5 })).toBe('critical-high')
    expect(level({ value: 6, unit: 'mmol/L', low: 3.9, high: 5.5 })).toBe('high')
    expect(level({ value: 500, unit: 'g/L', low: 70, high: 99 })).toBe('high')
    // One side of a range is enough; none says so.
    expect(level({ value: 120, low: null })).toBe('high')
    expect(level({ value: 120, low: null, high: null })).toBe('unknown')
    expect(level({ value: null })).toBe('unknown')
    expect(flagOf(values({ value: 180 }))).toMatchObject({ words: 'High', flagged: true })
    expect(flagOf(values({ value: 90 }))).toMatchObject({ words: 'Normal', flagged: false })
    // Units are matched without regard to case, as UCUM writes them either way.
    expect(level({ value: 500, unit: 'MG/DL' })).toBe('critical-high')
  })

  it('takes the critical limits from the version the result was signed under', () => {
    // Not loaded yet: High and Low only.
    expect(flagOf(values({ value: 500 }), null).level).toBe('high')
    // A clinic's own version: a stricter glucose limit in any unit, none for the rest.
    const strict = TemplateDefinition.parse({
      ...labResult,
      version: 2,
      attributes: labResult.attributes.map((a) =>
        a.key === 'value' ? { ...a, criticalLimits: [{ when: { test: '2345-7' }, high: 300 }] } : a
      )
    })
    expect(flagOf(values({ value: 320 }), strict).level).toBe('critical-high')
    expect(flagOf(values({ value: 320 }), LAB).level).toBe('high')
    expect(flagOf(values({ value: 35 }), strict).level).toBe('low')
    expect(
      flagOf(values({ test: '718-7', value: 5, unit: 'g/dL', low: 12, high: 16 }), strict).level
    ).toBe('low')
  })

  it('reads the lab-result template’s attributes', () => {
    expect(
      labValues({
        test: '718-7',
        value: 13.5,
        unit: 'g/dL',
        referenceLow: 12,
        referenceHigh: 16,
        comment: ''
      })
    ).toEqual({ test: '718-7', value: 13.5, unit: 'g/dL', low: 12, high: 16, comment: null })
  })
})

const lab = (attributes: Record<string, number | string>, over = {}) =>
  record({
    template: LAB_REF,
    state: 'synced',
    author: { username: 'paul', displayName: 'Paul Pathologist' },
    attributes: { unit: 'mg/dL', referenceLow: 70, referenceHigh: 99, ...attributes },
    ...over
  })

describe('the lab results table and the timeline', () => {
  it('lists lab results with test, value, unit, range, flag, date, author and status; a corrected one gives way', async () => {
    const glucose = lab(
      { test: '2345-7', value: 180 },
      { signedAt: '2026-01-03T09:00:00', state: 'anchored' }
    )
    const potassium = lab(
      { test: '2823-3', value: 7.1, unit: 'mmol/L', referenceLow: 3.5, referenceHigh: 5.1 },
      { signedAt: '2026-01-04T09:00:00' }
    )
    const fine = lab({ test: '2345-7', value: 85 }, { signedAt: '2026-01-02T09:00:00' })
    const corrected = lab({ test: '2345-7', value: 60 }, { supersededBy: fine.tid })
    const vitals = record({ state: 'synced' })
    await renderPatientPage('doctor', [potassium, glucose, vitals, fine, corrected])

    const table = await screen.findByRole('table', { name: 'Lab results' })
    await within(table).findByText('Potassium [Moles/volume] in Serum or Plasma')
    const rows = () =>
      within(table)
        .getAllByRole('row')
        .map((row) =>
          within(row)
            .queryAllByRole('cell')
            .map((cell) => cell.textContent)
        )
    expect(rows().slice(1)).toEqual([
      [
        'Potassium [Moles/volume] in Serum or Plasma',
        '7.1',
        'mmol/L',
        '3.5–5.1',
        'Critical high',
        '4 Jan 2026, 09:00',
        'Paul Pathologist',
        'On chain, synced'
      ],
      [
        'Glucose [Mass/volume] in Serum or Plasma',
        '180',
        'mg/dL',
        '70–99',
        'High',
        '3 Jan 2026, 09:00',
        'Paul Pathologist',
        'On chain'
      ],
      [
        'Glucose [Mass/volume] in Serum or Plasma',
        '85',
        'mg/dL',
        '70–99',
        'Normal',
        '2 Jan 2026, 09:00',
        'Paul Pathologist',
        'On chain, synced'
      ]
    ])
    expect(screen.getByTestId('lab-results').textContent).toMatch(
      /3 results, 2 flagged outside the range/
    )

    // Most urgent first, by the flag column.
    fireEvent.click(within(table).getByRole('button', { name: /Flag/ }))
    expect(
      rows()
        .slice(1)
        .map((cells) => cells[4])
    ).toEqual(['Critical high', 'High', 'Normal'])

    // On the timeline, each lab result says its flag in words beside the colour.
    const entries = screen.getAllByTestId('lab-flag').map((line) => line.textContent)
    expect(entries).toEqual([
      'Critical highCritical high: 7.1 mmol/L (reference 3.5–5.1 mmol/L)',
      'HighHigh: 180 mg/dL (reference 70–99 mg/dL)',
      'NormalNormal: 85 mg/dL (reference 70–99 mg/dL)',
      'LowLow: 60 mg/dL (reference 70–99 mg/dL)'
    ])
    const high = screen.getAllByTestId('lab-flag')[1]!
    expect(high.querySelector('[data-flag]')?.getAttribute('data-flag')).toBe('high')
  })

  it('shows no lab table for a patient without lab results', async () => {
    await renderPatientPage('doctor', [record({ state: 'synced' })])
    await screen.findAllByTestId('timeline-item')
    expect(screen.queryByTestId('lab-results')).toBeNull()
  })
})
