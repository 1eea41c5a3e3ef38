import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mediblock, type CliRun } from '../../support/cli'
import { freePort } from '../../support/free-port'
import { PostgresServer, type PostgresDatabase } from '../../support/postgres-server'

const ADMIN = 'admin-pass-1'

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]
  )
}

// `mediblock cloud set|test|migrate` as an admin runs them, on one clinic
// (vault secrets, bundled ledger) and a real PostgreSQL server.
describe('mediblock cloud', () => {
  let server: PostgresServer
  let database: PostgresDatabase
  let closedPort: number
  let dataDir: string
  const run = (args: string[], env: Record<string, string> = {}): CliRun =>
    mediblock(['--data-dir', dataDir, ...args], {
      MEDIBLOCK_SECRET_STORE: 'vault',
      MEDIBLOCK_PASSWORD: ADMIN,
      ...env
    })
  const setPostgres = (password: string, extra: string[] = []) =>
    run(
      [
        'cloud',
        'set',
        '--engine',
        'postgres',
        '--host',
        database.host,
        '--port',
        String(database.port),
        '--database',
        database.database,
        '--user',
        database.user,
        '--tls',
        'off',
        '--as',
        'admin',
        ...extra
      ],
      { MEDIBLOCK_CLOUD_PASSWORD: password }
    )

  beforeAll(async () => {
    ;[server, closedPort] = await Promise.all([PostgresServer.start(), freePort()])
    database = await server.createDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'mediblock-cloud-cli-'))
    const init = run(['init', '--clinic', 'Riverside Clinic', '--admin', 'admin'])
    if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`)
  })
  afterAll(async () => {
    await server?.dispose()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('tests the embedded default, then an admin sets, migrates and tests PostgreSQL', () => {
    const embedded = run(['cloud', 'test'])
    expect(embedded.status, embedded.stderr).toBe(0)
    expect(embedded.stdout).toMatch(
      /^Cloud database: embedded SQLite file .*cloud\.db \(SQLite 3\.\d+/
    )
    expect(embedded.stdout).toMatch(/stand-in for a real cloud database/)
    expect(embedded.stdout).toMatch(/Schema: version 2 \(this MediBlock needs 2\)\./)

    const set = setPostgres(database.password)
    expect(set.status, set.stderr).toBe(0)
    expect(set.stdout).toBe(
      `Cloud database set: PostgreSQL at 127.0.0.1:${database.port}, database ${database.database} as user ${database.user}, TLS off.\n` +
        'The password is in the encrypted vault.\n' +
        'Check it with: mediblock cloud test; create its schema with: mediblock cloud migrate --as admin\n'
    )
    // The password is in no file of the data dir (the vault holds it encrypted).
    for (const file of filesUnder(dataDir)) {
      expect(readFileSync(file).includes(database.password), file).toBe(false)
    }

    const empty = run(['cloud', 'test', '--as', 'admin'])
    expect(empty.status).toBe(2)
    expect(empty.stderr).toBe(
      `mediblock: the cloud database (PostgreSQL at 127.0.0.1:${database.port}) has no MediBlock schema yet: ` +
        'an admin creates it (mediblock cloud migrate)\n'
    )

    const migrate = run(['cloud', 'migrate', '--as', 'admin'])
    expect(migrate.status, migrate.stderr).toBe(0)
    expect(migrate.stdout).toBe(
      `Cloud schema migrated from version 0 to 2 (PostgreSQL at 127.0.0.1:${database.port}).\n`
    )

    const ok = run(['--json', 'cloud', 'test', '--as', 'admin'])
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({
      ok: true,
      engine: 'postgres',
      embedded: false,
      serverVersion: expect.stringMatching(/^PostgreSQL /) as unknown,
      schema: { current: 2, required: 2 },
      records: 0,
      rejected: 0
    })

    // The vault holds the password: without a login there is nothing to read it with.
    const locked = run(['cloud', 'test'])
    expect(locked.status).toBe(2)
    expect(locked.stderr).toMatch(/vault: give --as USERNAME/)
  })

  it('says plainly when the password is wrong or the server cannot be reached', () => {
    const wrong = setPostgres('not-the-password')
    expect(wrong.status, wrong.stderr).toBe(0)
    const refused = run(['--json', 'cloud', 'test', '--as', 'admin'])
    expect(refused.status).toBe(2)
    expect(refused.stderr).toBe(
      `mediblock: PostgreSQL at 127.0.0.1:${database.port} refused user ${database.user}: ` +
        'wrong password, or the user may not log in from here\n'
    )
    expect(JSON.parse(refused.stdout)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } })

    const away = run([
      'cloud',
      'set',
      '--engine',
      'postgres',
      '--host',
      '127.0.0.1',
      '--port',
      String(closedPort),
      '--as',
      'admin',
      '--no-password'
    ])
    expect(away.status, away.stderr).toBe(0)
    const started = Date.now()
    const unreachable = run(['cloud', 'test', '--as', 'admin'])
    expect(Date.now() - started).toBeLessThan(20_000)
    expect(unreachable.status).toBe(2)
    expect(unreachable.stderr).toMatch(
      new RegExp(
        `^mediblock: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closedPort}: connection refused`
      )
    )
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('refuses flags that do not belong to the engine, and a password on the command line', () => {
    const stray = run(['cloud', 'set', '--engine', 'sqlite', '--host', 'db', '--as', 'admin'])
    expect(stray.status).toBe(2)
    expect(stray.stderr).toBe('mediblock: --host does not apply to the sqlite engine\n')
    const noPassword = run(['cloud', 'set', '--engine', 'mysql', '--host', 'db', '--as', 'admin'])
    expect(noPassword.status).toBe(2)
    expect(noPassword.stderr).toMatch(/MEDIBLOCK_CLOUD_PASSWORD/)
    const argv = run(['cloud', 'set', '--engine', 'mysql', '--password', 'x', '--as', 'admin'])
    expect(argv.status).toBe(2)
    const back = run(['cloud', 'set', '--engine', 'sqlite', '--as', 'admin'])
    expect(back.status, back.stderr).toBe(0)
    expect(run(['cloud', 'test']).status).toBe(0)
  })
})
