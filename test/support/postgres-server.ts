import { execFile, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chownSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './free-port'
import { makeTlsCertificates, type TlsFiles } from './tls-certificates'

const run = promisify(execFile)

/** The newest PostgreSQL from apt (`/usr/lib/postgresql/<major>/bin`), never a wrapper on the PATH. */
function postgresBin(): string {
  const root = '/usr/lib/postgresql'
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
  const major = majors[0]
  if (!major) throw new Error(`no PostgreSQL under ${root}: apt-get install postgresql`)
  return join(root, major, 'bin')
}

/** A database and its owner on a {@link PostgresServer}. */
export interface PostgresDatabase {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  readonly password: string
}

/**
 * A real PostgreSQL server for tests: its own cluster in a temp dir,
 * listening on a free loopback port only, with password (SCRAM) auth and
 * TLS offered (a test CA's certificate). initdb refuses to run as root, so
 * under root the cluster belongs to the `postgres` user and every server
 * command runs through `runuser`. Durability is off: it is a test server.
 */
export class PostgresServer {
  readonly host = '127.0.0.1'
  readonly port: number
  readonly tls: TlsFiles
  readonly #dir: string
  readonly #superPassword: string
  readonly #bin = postgresBin()
  readonly #asPostgres: boolean
  #running = false
  #created = 0
  readonly #onExit = () => this.#stopSync()

  private constructor(dir: string, port: number, tls: TlsFiles, superPassword: string) {
    this.#dir = dir
    this.port = port
    this.tls = tls
    this.#superPassword = superPassword
    this.#asPostgres = process.getuid?.() === 0
  }

  /** Creates the cluster and starts the server. */
  static async start(): Promise<PostgresServer> {
    const dir = mkdtempSync(join(tmpdir(), 'mediblock-pg-'))
    const tls = makeTlsCertificates(dir)
    const superPassword = randomBytes(12).toString('hex')
    writeFileSync(join(dir, 'pwfile'), `${superPassword}\n`)
    const server = new PostgresServer(dir, await freePort(), tls, superPassword)
    if (server.#asPostgres) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
      for (const name of ['', ...readdirSync(dir)]) chownSync(join(dir, name), uid, gid)
    }
    await server.#command('initdb', [
      '-D',
      server.#dataDir,
      '-U',
      'postgres',
      `--pwfile=${join(dir, 'pwfile')}`,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
      '--no-sync',
      '--no-instructions'
    ])
    process.once('exit', server.#onExit)
    await server.restart()
    return server
  }

  get #dataDir(): string {
    return join(this.#dir, 'data')
  }

  async #command(name: string, args: readonly string[]): Promise<void> {
    const file = join(this.#bin, name)
    const [cmd, argv] = this.#asPostgres
      ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
      : [file, [...args]]
    await run(cmd, argv, { timeout: 60_000 })
  }

  /** Starts the server (again, after {@link stop}) on the same port and data. */
  async restart(): Promise<void> {
    const options = [
      `-p ${this.port}`,
      `-k ${this.#dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=80',
      '-c shared_buffers=16MB',
      '-c ssl=on',
      `-c ssl_cert_file=${this.tls.certFile}`,
      `-c ssl_key_file=${this.tls.keyFile}`
    ].join(' ')
    await this.#command('pg_ctl', [
      '-D',
      this.#dataDir,
      '-l',
      join(this.#dir, 'server.log'),
      '-w',
      '-t',
      '60',
      '-o',
      options,
      'start'
    ])
    this.#running = true
  }

  /** Stops the server (fast shutdown: open sessions are cut). */
  async stop(): Promise<void> {
    if (!this.#running) return
    await this.#command('pg_ctl', ['-D', this.#dataDir, '-m', 'fast', '-w', 'stop'])
    this.#running = false
  }

  #stopSync(): void {
    if (!this.#running) return
    try {
      const file = join(this.#bin, 'pg_ctl')
      const args = ['-D', this.#dataDir, '-m', 'immediate', 'stop']
      if (this.#asPostgres)
        execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'ignore' })
      else execFileSync(file, args, { stdio: 'ignore' })
    } catch {
      // Already gone.
    }
    this.#running = false
  }

  /** Stops the server and removes its files. */
  async dispose(): Promise<void> {
    process.removeListener('exit', this.#onExit)
    await this.stop().catch(() => this.#stopSync())
    rmSync(this.#dir, { recursive: true, force: true })
  }

  /** A superuser session, for setting up and inspecting. */
  async admin(database = 'postgres'): Promise<pg.Client> {
    const client = new pg.Client({
      host: this.host,
      port: this.port,
      user: 'postgres',
      password: this.#superPassword,
      database
    })
    await client.connect()
    return client
  }

  /** A new, empty database owned by a new login role with a random password. */
  async createDatabase(): Promise<PostgresDatabase> {
    const n = ++this.#created
    const suffix = `${process.pid}_${n}`
    const user = `mb_user_${suffix}`
    const database = `mb_db_${suffix}`
    const password = randomBytes(12).toString('hex')
    const admin = await this.admin()
    try {
      await admin.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`)
      await admin.query(`CREATE DATABASE ${database} OWNER ${user}`)
    } finally {
      await admin.end()
    }
    return { host: this.host, port: this.port, database, user, password }
  }
}
