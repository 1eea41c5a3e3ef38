import { describe, expect, it } from 'vitest'
import { settingsFromFlags } from '../../../src/main/cli/commands/cloud'
import { thrown } from '../../support/thrown'

describe('mediblock cloud set flags', () => {
  it('become the engine’s settings', () => {
    expect(
      settingsFromFlags({
        engine: 'postgres',
        as: 'a',
        host: 'db',
        port: 6432,
        tlsCa: '/ca.pem',
        password: true
      })
    ).toEqual({
      engine: 'postgres',
      host: 'db',
      port: 6432,
      tls: { mode: 'verify', caFile: '/ca.pem' }
    })
    expect(
      settingsFromFlags({
        engine: 'data-api',
        as: 'a',
        resourceArn: 'arn:r',
        secretArn: 'arn:s',
        region: 'eu-west-1',
        database: 'clinic',
        password: true
      })
    ).toEqual({
      engine: 'data-api',
      resourceArn: 'arn:r',
      secretArn: 'arn:s',
      region: 'eu-west-1',
      database: 'clinic'
    })
    expect(settingsFromFlags({ engine: 'sqlite', as: 'a', password: true })).toEqual({
      engine: 'sqlite'
    })
  })

  it('that do not belong to the engine are refused by name', () => {
    expect(
      thrown(() => settingsFromFlags({ engine: 'mysql', as: 'a', region: 'x', password: true }))
        .message
    ).toBe('--region does not apply to the mysql engine')
    expect(
      thrown(() => settingsFromFlags({ engine: 'data-api', as: 'a', tlsCa: '/x', password: true }))
        .message
    ).toBe('--tls-ca does not apply to the data-api engine')
    expect(
      thrown(() =>
        settingsFromFlags({ engine: 'postgres', as: 'a', tls: 'off', tlsCa: '/x', password: true })
      ).message
    ).toBe('--tls-ca goes with --tls verify')
  })
})
