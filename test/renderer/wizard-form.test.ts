import { describe, expect, it } from 'vitest'
import {
  requestOf,
  WIZARD_DEFAULTS,
  wizardResolver,
  type WizardValues
} from '../../src/renderer/src/screens/first-run/wizard-form'

const filled: WizardValues = {
  ...WIZARD_DEFAULTS,
  clinicName: 'Riverside Clinic',
  admin: { username: 'alice', displayName: 'Alice Admin', password: 'correct horse' },
  confirmPassword: 'correct horse'
}

const validate = (values: WizardValues) =>
  wizardResolver(values, undefined, { fields: {}, shouldUseNativeValidation: false })

describe('the first-run wizard form', () => {
  it("answers clinic:init's request: bundled ledger and the embedded cloud by default", async () => {
    const result = await validate(filled)
    expect(result.errors).toEqual({})
    expect(result.values).toEqual({
      clinicName: 'Riverside Clinic',
      admin: { username: 'alice', displayName: 'Alice Admin', password: 'correct horse' },
      ledger: { kind: 'bundled' },
      cloud: { settings: { engine: 'sqlite' } }
    })
  })

  it('sends only what a PostgreSQL server needs, blanks left out and the password beside the settings', () => {
    const request = requestOf({
      ...filled,
      cloud: {
        settings: {
          ...filled.cloud.settings,
          engine: 'postgres',
          host: ' db.example.org ',
          port: 5433,
          region: 'eu-west-1'
        },
        password: 's3cret'
      }
    })
    expect(request.cloud).toEqual({
      settings: {
        engine: 'postgres',
        host: 'db.example.org',
        port: 5433,
        database: undefined,
        user: undefined,
        tls: { mode: 'verify', caFile: undefined }
      },
      password: 's3cret'
    })
  })

  it("puts the contract's complaints on the inputs that caused them", async () => {
    const result = await validate({
      ...filled,
      clinicName: '',
      admin: { ...filled.admin, password: 'short' },
      confirmPassword: 'different',
      ledger: { kind: 'remote', nodeUrl: 'not a url', contract: '0x123', confirmations: 1 }
    })
    expect(result.errors).toMatchObject({
      clinicName: { message: 'Required.' },
      admin: { password: { message: 'At least 8 characters.' } },
      confirmPassword: { message: 'The two passwords differ.' },
      ledger: {
        nodeUrl: { message: expect.stringMatching(/web address/) as string },
        contract: { message: 'an address is 0x and 40 hex digits' }
      }
    })
  })
})
