import { describe, expect, it } from 'vitest'
import type { TemplateDetail } from '../../src/shared/ipc/schemas'
import type { TemplateDefinition } from '../../src/shared/templates'
import { attributeTexts } from '../../src/renderer/src/components/attribute-text'
import { mayRegister } from '../../src/renderer/src/screens/patients/PatientsScreen'

const vitals: TemplateDefinition = {
  id: 1,
  version: 1,
  slug: 'vital-signs',
  title: 'Vital signs',
  roles: ['nurse'],
  attributes: [
    {
      key: 'heartRate',
      label: 'Heart rate',
      type: 'quantity',
      unit: '/min',
      decimals: 0,
      required: false
    },
    {
      key: 'position',
      label: 'Position',
      type: 'coded',
      decimals: 0,
      required: false,
      answers: [{ system: 'http://snomed.info/sct', code: '33586001', display: 'Sitting' }]
    },
    { key: 'takenOn', label: 'Taken on', type: 'date', decimals: 0, required: false }
  ]
}

describe("a record's attributes in words", () => {
  it("labels them in the template's order, with units, answers' words and dates", () => {
    expect(
      attributeTexts(vitals, {
        takenOn: '2026-01-02',
        position: '33586001',
        heartRate: 72,
        extra: true
      })
    ).toEqual([
      { key: 'heartRate', label: 'Heart rate', text: '72 /min' },
      { key: 'position', label: 'Position', text: 'Sitting' },
      { key: 'takenOn', label: 'Taken on', text: '2 Jan 2026' },
      { key: 'extra', label: 'extra', text: 'yes' }
    ])
  })

  it('shows keys and raw values while the template is unknown', () => {
    expect(attributeTexts(undefined, { heartRate: 72 })).toEqual([
      { key: 'heartRate', label: 'heartRate', text: '72' }
    ])
  })
})

describe('who may register a patient', () => {
  const registration = { roles: ['doctor', 'nurse'] } as TemplateDetail
  it("follows the registration template's roles, which the ledger enforces", () => {
    expect(mayRegister('nurse', registration)).toBe(true)
    expect(mayRegister('pathologist', registration)).toBe(false)
    expect(mayRegister('admin', registration)).toBe(false)
  })
  it('waits for the template, and lets any clinician try when it cannot be read', () => {
    expect(mayRegister('nurse', undefined)).toBe(false)
    expect(mayRegister('pathologist', null)).toBe(true)
    expect(mayRegister('auditor', null)).toBe(false)
  })
})
