import { MariadbServer } from '../../support/mariadb-server'
import { describeSyncOn, type SyncEngine } from './sync-suite'

let server: MariadbServer | undefined

const mariadb: SyncEngine = {
  engine: 'mysql',
  async start() {
    server = await MariadbServer.start()
  },
  async dispose() {
    await server?.dispose()
  },
  async fresh() {
    const maria = server!
    const db = await maria.createDatabase()
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
        const admin = await maria.admin(db.database)
        try {
          const [rows] = await admin.query(`SELECT tid FROM ${table}`)
          return (rows as { tid: string }[]).map((r) => r.tid)
        } finally {
          await admin.end()
        }
      },
      async scramble(tid) {
        const admin = await maria.admin(db.database)
        try {
          await admin.query(`UPDATE records SET payload = UNHEX(MD5('x')) WHERE tid = ?`, [tid])
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

describeSyncOn('MariaDB', mariadb)
