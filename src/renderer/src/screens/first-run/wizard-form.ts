import { zodResolver } from '@hookform/resolvers/zod'
import type { FieldPath, Resolver } from 'react-hook-form'
import { z } from 'zod'
import {
  ClinicInitRequest,
  type CloudChoice,
  type CloudEngine,
  type CloudTls
} from '../../../../shared/ipc/schemas'
import { PLAIN_ERRORS } from '../../components/form-errors'

/**
 * What the wizard's inputs hold. It mirrors `clinic:init`'s request, so the
 * contract's own schema validates it and its errors land on the right
 * fields; every input keeps a value for every choice (switching the ledger
 * or the cloud engine back and forth loses nothing typed).
 */
export interface WizardValues {
  clinicName: string
  admin: { username: string; displayName: string; password: string }
  confirmPassword: string
  ledger: { kind: 'bundled' | 'remote'; nodeUrl: string; contract: string; confirmations: number }
  cloud: {
    settings: {
      engine: CloudEngine
      host: string
      port: number | string
      database: string
      user: string
      tls: { mode: CloudTls['mode']; caFile: string }
      resourceArn: string
      secretArn: string
      region: string
      endpoint: string
      accessKeyId: string
    }
    password: string
  }
}

export const WIZARD_DEFAULTS: WizardValues = {
  clinicName: '',
  admin: { username: '', displayName: '', password: '' },
  confirmPassword: '',
  ledger: { kind: 'bundled', nodeUrl: '', contract: '', confirmations: 1 },
  cloud: {
    settings: {
      engine: 'sqlite',
      host: '',
      port: '',
      database: '',
      user: '',
      tls: { mode: 'verify', caFile: '' },
      resourceArn: '',
      secretArn: '',
      region: '',
      endpoint: '',
      accessKeyId: ''
    },
    password: ''
  }
}

/** `undefined` for what was left blank, the trimmed text otherwise. */
const given = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim())

/** The `cloud` part of the request (and `cloud:test`'s request) from the inputs. */
export function cloudChoiceOf(cloud: WizardValues['cloud']): z.input<typeof CloudChoice> {
  const s = cloud.settings
  const password = cloud.password === '' ? undefined : cloud.password
  switch (s.engine) {
    case 'sqlite':
      return { settings: { engine: 'sqlite' } }
    case 'postgres':
    case 'mysql':
      return {
        settings: {
          engine: s.engine,
          host: given(s.host),
          port: typeof s.port === 'number' ? s.port : undefined,
          database: given(s.database),
          user: given(s.user),
          tls: {
            mode: s.tls.mode,
            caFile: s.tls.mode === 'verify' ? given(s.tls.caFile) : undefined
          }
        },
        password
      }
    case 'data-api':
      return {
        settings: {
          engine: 'data-api',
          resourceArn: given(s.resourceArn),
          secretArn: given(s.secretArn),
          database: given(s.database),
          region: given(s.region),
          endpoint: given(s.endpoint),
          accessKeyId: given(s.accessKeyId)
        },
        password: given(s.accessKeyId) ? password : undefined
      }
  }
}

/** The `ledger` part of the request from the inputs. */
export function ledgerChoiceOf(ledger: WizardValues['ledger']) {
  return ledger.kind === 'bundled'
    ? { kind: 'bundled' as const }
    : {
        kind: 'remote' as const,
        nodeUrl: ledger.nodeUrl.trim(),
        contract: ledger.contract.trim(),
        confirmations: ledger.confirmations
      }
}

/** `clinic:init`'s request from the inputs (not yet validated). */
export function requestOf(values: WizardValues): z.input<typeof ClinicInitRequest> {
  return {
    clinicName: values.clinicName,
    admin: values.admin,
    ledger: ledgerChoiceOf(values.ledger),
    cloud: cloudChoiceOf(values.cloud)
  }
}

/** The contract's schema, reached through the mapping above: its issue paths are the inputs' names. */
const schema = z.custom<WizardValues>().transform(requestOf).pipe(ClinicInitRequest)
const contractResolver = zodResolver(schema, PLAIN_ERRORS)

/** Validates the inputs with `clinic:init`'s schema, plus the password typed twice. */
export const wizardResolver: Resolver<WizardValues, unknown, ClinicInitRequest> = async (
  values,
  context,
  options
) => {
  const result = await contractResolver(values, context, options)
  if (values.confirmPassword === values.admin.password) return result
  const confirmPassword = { type: 'mismatch', message: 'The two passwords differ.' }
  return { values: {}, errors: { ...result.errors, confirmPassword } }
}

/** The inputs each step checks before the next one. */
export const STEP_FIELDS: FieldPath<WizardValues>[][] = [
  [],
  ['clinicName', 'admin.username', 'admin.displayName', 'admin.password', 'confirmPassword'],
  ['ledger.nodeUrl', 'ledger.contract', 'ledger.confirmations'],
  [
    'cloud.settings.host',
    'cloud.settings.port',
    'cloud.settings.database',
    'cloud.settings.user',
    'cloud.settings.tls.caFile',
    'cloud.settings.resourceArn',
    'cloud.settings.secretArn',
    'cloud.settings.region',
    'cloud.settings.endpoint',
    'cloud.settings.accessKeyId',
    'cloud.password'
  ]
]
