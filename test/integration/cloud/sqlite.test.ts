import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { afterAll, beforeAll, describe } from 'vitest'
import type { CloudDatabase } from '../../../src/main/cloud/schema/tables'
import { describeTamperDrills } from '../audit/tamper-drills'
import { describeCloudStore } from './cloud-store-suite'
import type { EngineHarness } from './engine-harness'

// The embedded engine: a cloud.db file per test, no server.
describe('cloud store on embedded SQLite', () => {
  let root: string
  let n = 0
  const harness: EngineHarness = {
    name: 'sqlite',
    async fresh() {
      const sqlitePath = join(root, `cloud-${++n}.db`)
      return {
        settings: { engine: 'sqlite' },
        credentials: {},
        wrongCredentials: {},
        sqlitePath,
        async raw() {
          const database = new BetterSqlite3(sqlitePath)
          database.pragma('busy_timeout = 5000')
          const db = new Kysely<CloudDatabase>({ dialect: new SqliteDialect({ database }) })
          return { db, begin: 'BEGIN IMMEDIATE', close: () => db.destroy() }
        }
      }
    },
    unreachable: () => ({ engine: 'sqlite' })
  }

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'mediblock-cloud-sqlite-'))
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  describeCloudStore(() => harness, { credentials: false })
  describeTamperDrills(() => harness)
})
