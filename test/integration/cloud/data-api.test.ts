import { RDSData } from '@aws-sdk/client-rds-data'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import type { CloudSettings } from '../../../src/shared/ipc/schemas'
import { DataApiServer } from '../../fixtures/data-api/data-api-server'
import { freePort } from '../../support/free-port'
import { PostgresServer, type PostgresDatabase } from '../../support/postgres-server'
import { describeTamperDrills } from '../audit/tamper-drills'
import { describeCloudStore } from './cloud-store-suite'
import { checkOutcome, migrated, type EngineHarness } from './engine-harness'
import { postgresSession } from './postgres-session'

type DataApiSettings = Extract<CloudSettings, { engine: 'data-api' }>

const REGION = 'eu-central-1'
const CLUSTER = 'arn:aws:rds:eu-central-1:123456789012:cluster:mediblock-test'
const ACCESS_KEY = 'AKIAMEDIBLOCKTEST01'
const SECRET_KEY = 'secret-access-key-of-the-test-endpoint'

// The RDS Data API: the real @aws-sdk/client-rds-data, through a local
// endpoint that speaks its JSON protocol over a real PostgreSQL server.
describe('cloud store on the RDS Data API (Aurora PostgreSQL)', () => {
  let postgres: PostgresServer
  let endpoint: DataApiServer
  let closedPort: number
  const secrets: Record<string, { username: string; password: string }> = {}
  let n = 0
  const secretFor = (d: PostgresDatabase, password = d.password) => {
    const arn = `arn:aws:secretsmanager:${REGION}:123456789012:secret:mediblock-${++n}`
    secrets[arn] = { username: d.user, password }
    return arn
  }
  const settingsFor = (d: PostgresDatabase, secretArn: string): DataApiSettings => ({
    engine: 'data-api',
    resourceArn: CLUSTER,
    secretArn,
    database: d.database,
    region: REGION,
    endpoint: endpoint.endpoint,
    accessKeyId: ACCESS_KEY
  })
  const harness: EngineHarness = {
    name: 'data-api',
    async fresh() {
      const database = await postgres.createDatabase()
      return {
        settings: settingsFor(database, secretFor(database)),
        credentials: { secretAccessKey: SECRET_KEY },
        wrongCredentials: { secretAccessKey: `${SECRET_KEY}-wrong` },
        sqlitePath: '/nonexistent/cloud.db',
        raw: () => postgresSession(database)
      }
    },
    unreachable: () => ({
      engine: 'data-api',
      resourceArn: CLUSTER,
      secretArn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:none',
      region: REGION,
      endpoint: `http://127.0.0.1:${closedPort}`,
      accessKeyId: ACCESS_KEY
    })
  }

  beforeAll(async () => {
    ;[postgres, closedPort] = await Promise.all([PostgresServer.start(), freePort()])
    endpoint = await DataApiServer.start({
      postgres: { host: postgres.host, port: postgres.port },
      resourceArn: CLUSTER,
      secrets,
      accessKeys: { [ACCESS_KEY]: SECRET_KEY }
    })
  })
  afterAll(async () => {
    await endpoint?.stop()
    await postgres?.dispose()
  })

  describeCloudStore(() => harness)
  describeTamperDrills(() => harness)

  describe('Data API specifics', () => {
    const check = (settings: CloudSettings, secretAccessKey = SECRET_KEY) =>
      checkOutcome(settings, { secretAccessKey })

    it('says which of the AWS key, the database secret or the database is wrong', async () => {
      const database = await postgres.createDatabase()
      const good = settingsFor(database, secretFor(database))
      await migrated(good, { secretAccessKey: SECRET_KEY })
      const ok = await check(good)
      expect(ok.code).toBe('OK')
      expect(ok.message).toMatch(
        /^Aurora PostgreSQL \d+\.\d+ \(RDS Data API\) \| the RDS Data API \(http:\/\/127\.0\.0\.1:\d+\) for cluster mediblock-test$/
      )
      const wrongKey = await check(good, 'not-the-key')
      expect(wrongKey.code).toBe('UNAUTHENTICATED')
      expect(wrongKey.message).toMatch(
        /^AWS refused the access key for .* \(InvalidSignatureException\)$/
      )
      const unknownKey = await check({ ...good, accessKeyId: 'AKIAUNKNOWN' })
      expect(unknownKey.code).toBe('UNAUTHENTICATED')
      expect(unknownKey.message).toMatch(/\(UnrecognizedClientException\)$/)
      const wrongPassword = await check(
        settingsFor(database, secretFor(database, 'not-the-password'))
      )
      expect(wrongPassword.code).toBe('UNAUTHENTICATED')
      expect(wrongPassword.message).toMatch(/refused the secret's user: wrong password/)
      const noSecret = await check({ ...good, secretArn: `${good.secretArn}-gone` })
      expect(noSecret.code).toBe('UNAUTHENTICATED')
      expect(noSecret.message).toMatch(
        /cannot use the database secret .* \(SecretsErrorException\)$/
      )
      const noDatabase = await check({ ...good, database: 'no_such_db' })
      expect(noDatabase.code).toBe('NOT_FOUND')
      expect(noDatabase.message).toMatch(/has no database named no_such_db$/)
      expect((await check({ ...good, resourceArn: `${CLUSTER}-other` })).code).toBe('NOT_FOUND')
    })
  })

  describe('the test endpoint itself', () => {
    it('runs ExecuteStatement, BatchExecuteStatement and transactions for the real client', async () => {
      const database = await postgres.createDatabase()
      const secretArn = secretFor(database)
      const client = new RDSData({
        region: REGION,
        endpoint: endpoint.endpoint,
        credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY }
      })
      onTestFinished(() => client.destroy())
      const base = { resourceArn: CLUSTER, secretArn, database: database.database }
      await client.executeStatement({
        ...base,
        sql: 'CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, data BYTEA)'
      })
      await client.batchExecuteStatement({
        ...base,
        sql: 'INSERT INTO t (id, name, data) VALUES (:id, :name, :data)',
        parameterSets: [1, 2, 3].map((id) => [
          { name: 'id', value: { longValue: id } },
          { name: 'name', value: id === 2 ? { isNull: true } : { stringValue: `n:${id}` } },
          { name: 'data', value: { blobValue: Buffer.from([id, 0, 255]) } }
        ])
      })
      const { transactionId } = await client.beginTransaction(base)
      await client.executeStatement({
        ...base,
        transactionId,
        sql: 'DELETE FROM t WHERE id = :id',
        parameters: [{ name: 'id', value: { longValue: 3 } }]
      })
      await client.rollbackTransaction({ resourceArn: CLUSTER, secretArn, transactionId })
      const second = await client.beginTransaction(base)
      await client.executeStatement({
        ...base,
        transactionId: second.transactionId,
        sql: "UPDATE t SET name = 'one' WHERE id = :id::bigint",
        parameters: [{ name: 'id', value: { longValue: 1 } }]
      })
      expect(
        await client.commitTransaction({
          resourceArn: CLUSTER,
          secretArn,
          transactionId: second.transactionId
        })
      ).toMatchObject({ transactionStatus: 'Transaction Committed' })
      const result = await client.executeStatement({
        ...base,
        sql: 'SELECT id, name, data FROM t ORDER BY id',
        includeResultMetadata: true
      })
      expect(result.columnMetadata?.map((c) => [c.name, c.typeName])).toEqual([
        ['id', 'int8'],
        ['name', 'text'],
        ['data', 'bytea']
      ])
      expect(result.records).toEqual([
        [{ longValue: 1 }, { stringValue: 'one' }, { blobValue: new Uint8Array([1, 0, 255]) }],
        [{ longValue: 2 }, { isNull: true }, { blobValue: new Uint8Array([2, 0, 255]) }],
        [{ longValue: 3 }, { stringValue: 'n:3' }, { blobValue: new Uint8Array([3, 0, 255]) }]
      ])
      const missing = await client
        .executeStatement({ ...base, sql: 'SELECT * FROM missing_table' })
        .then(
          () => null,
          (error: Error) => error
        )
      expect(missing?.name).toBe('DatabaseErrorException')
      expect(missing?.message).toMatch(/SQLState: 42P01$/)
    })
  })
})
