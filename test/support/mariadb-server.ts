import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createConnection, type Connection } from 'mysql2/promise'
import { freePort } from './free-port'
import { makeTlsCertificates, type TlsFiles } from './tls-certificates'

const run = promisify(execFile)

/** A database and its user on a {@link MariadbServer}. */
export interface MariadbDatabase {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
  readonly password: string
}

/**
 * A real MariaDB server for tests (apt's mariadb-server): its own data dir,
 * socket and pid file in a temp dir, a free loopback port, TLS offered (a
 * test CA's certificate), durability off. Under root it runs as root
 * (`--user=root`), since the data dir is root's.
 */
export class MariadbServer {
  readonly host = '127.0.0.1'
  readonly port: number
  readonly tls: TlsFiles
  readonly #dir: string
  #child: ChildProcess | undefined
  #created = 0
  readonly #onExit = () => this.#child?.kill('SIGKILL')

  private constructor(dir: string, port: number, tls: TlsFiles) {
    this.#dir = dir
    this.port = port
    this.tls = tls
  }

  static async start(): Promise<MariadbServer> {
    const dir = mkdtempSync(join(tmpdir(), 'mediblock-mariadb-'))
    const server = new MariadbServer(dir, await freePort(), makeTlsCertificates(dir))
    await run(
      'mariadb-install-db',
      [
        '--no-defaults',
        `--datadir=${join(dir, 'data')}`,
        ...server.#userArgs,
        '--auth-root-authentication-method=normal',
        '--skip-test-db',
        '--skip-name-resolve'
      ],
      { timeout: 120_000 }
    )
    process.once('exit', server.#onExit)
    await server.restart()
    return server
  }

  get #userArgs(): string[] {
    return process.getuid?.() === 0 ? ['--user=root'] : []
  }

  get #socket(): string {
    return join(this.#dir, 'mariadb.sock')
  }

  /** Starts the server (again, after {@link stop}) on the same port and data. */
  async restart(): Promise<void> {
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        ...this.#userArgs,
        `--datadir=${join(this.#dir, 'data')}`,
        `--socket=${this.#socket}`,
        `--pid-file=${join(this.#dir, 'mariadb.pid')}`,
        `--log-error=${join(this.#dir, 'error.log')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        '--skip-log-bin',
        '--performance-schema=OFF',
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=16M',
        '--innodb-flush-log-at-trx-commit=0',
        '--max-connections=100',
        `--ssl-ca=${this.tls.caFile}`,
        `--ssl-cert=${this.tls.certFile}`,
        `--ssl-key=${this.tls.keyFile}`
      ],
      { stdio: 'ignore' }
    )
    this.#child = child
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) =>
        fail(new Error(`mariadbd exited with ${code}; see ${join(this.#dir, 'error.log')}`))
      )
    )
    // Only the wait below listens; a later exit (stop) must not count as unhandled.
    exited.catch(() => undefined)
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        const connection = await Promise.race([this.#root(), exited])
        await connection.end()
        return
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }

  /** Stops the server (SIGTERM, a clean shutdown) and waits for it. */
  async stop(): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  }

  /** Stops the server and removes its files. */
  async dispose(): Promise<void> {
    process.removeListener('exit', this.#onExit)
    await this.stop()
    rmSync(this.#dir, { recursive: true, force: true })
  }

  /** root over the socket, for setting up and inspecting. */
  #root(database?: string): Promise<Connection> {
    return createConnection({
      socketPath: this.#socket,
      user: 'root',
      ...(database ? { database } : {})
    })
  }

  /** A root session on `database`, for tests that go behind the store's back. */
  admin(database?: string): Promise<Connection> {
    return this.#root(database)
  }

  /** A new, empty database and a user with every privilege on it and a random password. */
  async createDatabase(): Promise<MariadbDatabase> {
    const n = ++this.#created
    const suffix = `${process.pid}_${n}`
    const user = `mb_user_${suffix}`
    const database = `mb_db_${suffix}`
    const password = randomBytes(12).toString('hex')
    const root = await this.#root()
    try {
      await root.query(`CREATE DATABASE ${database}`)
      await root.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`)
      await root.query(`GRANT ALL PRIVILEGES ON ${database}.* TO '${user}'@'%'`)
    } finally {
      await root.end()
    }
    return { host: this.host, port: this.port, database, user, password }
  }
}
