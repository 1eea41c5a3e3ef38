import { Kysely, MysqlDialect, type MysqlPool } from 'kysely'
import { createPool } from 'mysql2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CloudDatabase } from '../../../src/main/cloud/schema/tables'
import type { CloudSettings } from '../../../src/shared/ipc/schemas'
import { freePort } from '../../support/free-port'
import { MariadbServer, type MariadbDatabase } from '../../support/mariadb-server'
import { describeTamperDrills } from '../audit/tamper-drills'
import { describeCloudStore } from './cloud-store-suite'
import { checkOutcome, migrated, type EngineHarness, type RawSession } from './engine-harness'

type Tls = Extract<CloudSettings, { engine: 'mysql' }>['tls']

// A real MariaDB server for this file; a fresh database for each test.
describe('cloud store on MariaDB (the mysql engine)', () => {
  let server: MariadbServer
  let closedPort: number
  const settingsFor = (d: MariadbDatabase, tls: Tls = { mode: 'off' }): CloudSettings => ({
    engine: 'mysql',
    host: d.host,
    port: d.port,
    database: d.database,
    user: d.user,
    tls
  })
  const session = async (d: MariadbDatabase): Promise<RawSession> => {
    const pool = createPool({
      host: d.host,
      port: d.port,
      user: d.user,
      password: d.password,
      database: d.database,
      connectionLimit: 1
    })
    const db = new Kysely<CloudDatabase>({
      dialect: new MysqlDialect({ pool: pool as unknown as MysqlPool })
    })
    return { db, begin: 'START TRANSACTION', close: () => db.destroy() }
  }
  const harness: EngineHarness = {
    name: 'mysql',
    async fresh() {
      const database = await server.createDatabase()
      return {
        settings: settingsFor(database),
        credentials: { password: database.password },
        wrongCredentials: { password: `${database.password}-wrong` },
        sqlitePath: '/nonexistent/cloud.db',
        raw: () => session(database)
      }
    },
    unreachable: () => ({
      engine: 'mysql',
      host: '127.0.0.1',
      port: closedPort,
      tls: { mode: 'off' }
    })
  }

  beforeAll(async () => {
    ;[server, closedPort] = await Promise.all([MariadbServer.start(), freePort()])
  })
  afterAll(() => server?.dispose())

  describeCloudStore(() => harness)
  describeTamperDrills(() => harness)

  describe('MariaDB specifics', () => {
    it('connects over TLS with the certificate checked against the CA file, or not checked', async () => {
      const database = await server.createDatabase()
      const credentials = { password: database.password }
      await migrated(settingsFor(database), credentials)
      const verified = settingsFor(database, { mode: 'verify', caFile: server.tls.caFile })
      const ok = await checkOutcome(verified, credentials)
      expect(ok.code).toBe('OK')
      expect(ok.message).toMatch(/^MariaDB \d+\.\d+\.\d+ \| MySQL\/MariaDB at 127\.0\.0\.1:\d+$/)
      const unchecked = settingsFor(database, { mode: 'no-verify' })
      expect((await checkOutcome(unchecked, credentials)).code).toBe('OK')
      const untrusted = await checkOutcome(settingsFor(database, { mode: 'verify' }), credentials)
      expect(untrusted.code).toBe('UNAVAILABLE')
      expect(untrusted.message).toBe(
        `cannot connect to MySQL/MariaDB at 127.0.0.1:${server.port}: its TLS certificate is not trusted ` +
          '(self-signed certificate in certificate chain); give the CA that signed it (--tls-ca FILE)'
      )
    })

    it('names a database that does not exist, or that the user may not use', async () => {
      const database = await server.createDatabase()
      const settings = { ...settingsFor(database), database: 'no_such_db' }
      expect(await checkOutcome(settings, { password: database.password })).toEqual({
        code: 'FORBIDDEN',
        message:
          `user ${database.user} may not use database no_such_db on MySQL/MariaDB at ` +
          `127.0.0.1:${server.port} (or it does not exist)`
      })
    })
  })
})
