import { describe, expect, it } from 'vitest'
import {
  describeSettings,
  describeTarget,
  resolveCloudTarget
} from '../../../src/main/cloud/cloud-target'
import { thrown } from '../../support/thrown'

describe('cloud target', () => {
  it('fills in a server engine’s defaults: port, database and user mediblock, TLS verified', () => {
    expect(
      resolveCloudTarget({ engine: 'postgres', host: 'db.example.org' }, '/d/cloud.db')
    ).toEqual({
      engine: 'postgres',
      host: 'db.example.org',
      port: 5432,
      database: 'mediblock',
      user: 'mediblock',
      tls: { mode: 'verify' }
    })
    expect(resolveCloudTarget({ engine: 'mysql', host: 'h' }, '')).toMatchObject({ port: 3306 })
  })

  it('puts the embedded engine in the data dir', () => {
    expect(resolveCloudTarget({ engine: 'sqlite' }, '/d/cloud.db')).toEqual({
      engine: 'sqlite',
      path: '/d/cloud.db'
    })
  })

  it('names the setting an engine cannot do without', () => {
    const noHost = thrown(() => resolveCloudTarget({ engine: 'postgres' }, ''))
    expect(noHost.code).toBe('NOT_CONFIGURED')
    expect(noHost.message).toBe(
      'the postgres cloud engine needs a host (mediblock cloud set --engine postgres --host HOST ...)'
    )
    const noArn = thrown(() => resolveCloudTarget({ engine: 'data-api', region: 'x' }, ''))
    expect(noArn.message).toMatch(/needs a cluster ARN \(.*--resource-arn ARN/)
    const noRegion = thrown(() =>
      resolveCloudTarget({ engine: 'data-api', resourceArn: 'arn:a', secretArn: 'arn:b' }, '')
    )
    expect(noRegion.message).toMatch(/needs an AWS region/)
  })

  it('describes a target in words, without secrets', () => {
    const pg = resolveCloudTarget(
      { engine: 'postgres', host: '::1', tls: { mode: 'verify', caFile: '/ca.pem' } },
      ''
    )
    expect(describeTarget(pg)).toBe('PostgreSQL at [::1]:5432')
    expect(describeSettings(pg)).toBe(
      'database mediblock as user mediblock, TLS verified against /ca.pem'
    )
    const api = resolveCloudTarget(
      {
        engine: 'data-api',
        resourceArn: 'arn:aws:rds:eu-west-1:1:cluster:clinic',
        secretArn: 'arn:aws:secretsmanager:eu-west-1:1:secret:db',
        region: 'eu-west-1'
      },
      ''
    )
    expect(describeTarget(api)).toBe('the RDS Data API (eu-west-1) for cluster clinic')
    expect(describeSettings(api)).toBe(
      "database mediblock, credentials in arn:aws:secretsmanager:eu-west-1:1:secret:db, the AWS SDK's default credentials"
    )
    expect(describeSettings(resolveCloudTarget({ engine: 'sqlite' }, '/x'))).toMatch(
      /^a stand-in for a real cloud database/
    )
  })
})
