import { PostgresServer } from '../../support/postgres-server'
import { describeSyncOn, type SyncEngine } from './sync-suite'

let server: PostgresServer | undefined

const postgres: SyncEngine = {
  engine: 'postgres',
  async start() {
    server = await PostgresServer.start()
  },
  async dispose() {
    await server?.dispose()
  },
  async fresh() {
    const pg = server!
    const db = await pg.createDatabase()
    return {
      setArgs: [
        '--host',
        db.host,
        '--port',
        String(db.port),
        '--database',
        db.database,
        '--user',
        db.user,
        '--tls',
        'off'
      ],
      password: db.password,
      async tids(table) {
        const admin = await pg.admin(db.database)
        try {
          const { rows } = await admin.query<{ tid: string }>(`SELECT tid FROM ${table}`)
          return rows.map((r) => r.tid)
        } finally {
          await admin.end()
        }
      },
      async scramble(tid) {
        const admin = await pg.admin(db.database)
        try {
          await admin.query(`UPDATE records SET payload = decode(md5('x'), 'hex') WHERE tid = $1`, [
            tid
          ])
        } finally {
          await admin.end()
        }
      }
    }
  },
  stop: () => server!.stop(),
  restart: () => server!.restart(),
  unreachable: (port) => ['--host', '127.0.0.1', '--port', String(port), '--tls', 'off']
}

describeSyncOn('PostgreSQL', postgres)
