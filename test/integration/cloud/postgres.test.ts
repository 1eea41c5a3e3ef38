import { createServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CloudStore } from '../../../src/main/cloud/cloud-store'
import type { CloudSettings } from '../../../src/shared/ipc/schemas'
import { freePort } from '../../support/free-port'
import { PostgresServer, type PostgresDatabase } from '../../support/postgres-server'
import { describeTamperDrills } from '../audit/tamper-drills'
import { describeCloudStore } from './cloud-store-suite'
import { checkOutcome, migrated, type EngineHarness } from './engine-harness'
import { postgresSession } from './postgres-session'

type Tls = Extract<CloudSettings, { engine: 'postgres' }>['tls']

// A real PostgreSQL server for this file; a fresh database for each test.
describe('cloud store on PostgreSQL', () => {
  let server: PostgresServer
  let closedPort: number
  const settingsFor = (d: PostgresDatabase, tls: Tls = { mode: 'off' }): CloudSettings => ({
    engine: 'postgres',
    host: d.host,
    port: d.port,
    database: d.database,
    user: d.user,
    tls
  })
  const harness: EngineHarness = {
    name: 'postgres',
    async fresh() {
      const database = await server.createDatabase()
      return {
        settings: settingsFor(database),
        credentials: { password: database.password },
        wrongCredentials: { password: `${database.password}-wrong` },
        sqlitePath: '/nonexistent/cloud.db',
        raw: () => postgresSession(database)
      }
    },
    unreachable: () => ({
      engine: 'postgres',
      host: '127.0.0.1',
      port: closedPort,
      tls: { mode: 'off' }
    })
  }

  beforeAll(async () => {
    ;[server, closedPort] = await Promise.all([PostgresServer.start(), freePort()])
  })
  afterAll(() => server?.dispose())

  describeCloudStore(() => harness)
  describeTamperDrills(() => harness)

  describe('PostgreSQL specifics', () => {
    it('connects over TLS with the certificate checked against the CA file, or not checked', async () => {
      const database = await server.createDatabase()
      const credentials = { password: database.password }
      await migrated(settingsFor(database), credentials)
      const verified = settingsFor(database, { mode: 'verify', caFile: server.tls.caFile })
      const ok = await checkOutcome(verified, credentials)
      expect(ok.code).toBe('OK')
      expect(ok.message).toMatch(/^PostgreSQL \d+\.\d+ \| PostgreSQL at 127\.0\.0\.1:\d+$/)
      const unchecked = settingsFor(database, { mode: 'no-verify' })
      expect((await checkOutcome(unchecked, credentials)).code).toBe('OK')
      const untrusted = await checkOutcome(settingsFor(database, { mode: 'verify' }), credentials)
      expect(untrusted.code).toBe('UNAVAILABLE')
      expect(untrusted.message).toBe(
        `cannot connect to PostgreSQL at 127.0.0.1:${server.port}: its TLS certificate is not trusted ` +
          '(UNABLE_TO_VERIFY_LEAF_SIGNATURE); give the CA that signed it (--tls-ca FILE)'
      )
    })

    it('names a database that does not exist', async () => {
      const database = await server.createDatabase()
      const settings = { ...settingsFor(database), database: 'no_such_db' }
      expect(await checkOutcome(settings, { password: database.password })).toEqual({
        code: 'NOT_FOUND',
        message: `PostgreSQL at 127.0.0.1:${server.port} has no database named no_such_db`
      })
    })

    it('gives up on a host that does not answer within the connect timeout', async () => {
      // A listening socket that never speaks: the TCP connect succeeds, the
      // startup handshake never completes.
      const sockets: Socket[] = []
      const silent = createServer((socket) => sockets.push(socket))
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
      const port = (silent.address() as { port: number }).port
      const store = await CloudStore.open(
        { engine: 'postgres', host: '127.0.0.1', port, tls: { mode: 'off' } },
        { password: 'x' },
        { sqlitePath: '', connectTimeoutMs: 800 }
      )
      const started = Date.now()
      const error = await store.check().catch((e: Error & { code: string }) => e)
      await store.close()
      for (const socket of sockets) socket.destroy()
      silent.close()
      expect(Date.now() - started).toBeLessThan(3_000)
      expect(error).toMatchObject({
        code: 'UNAVAILABLE',
        message: `cannot reach PostgreSQL at 127.0.0.1:${port}: no answer in time`
      })
    })
  })
})
