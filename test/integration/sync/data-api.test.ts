import { spawn, type ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'
import type { DataApiServerOptions } from '../../fixtures/data-api/data-api-server'
import { ROOT } from '../../support/cli'
import { PostgresServer } from '../../support/postgres-server'
import { describeSyncOn, type SyncEngine } from './sync-suite'

const REGION = 'eu-central-1'
const CLUSTER = 'arn:aws:rds:eu-central-1:123456789012:cluster:mediblock-sync'
const ACCESS_KEY = 'AKIAMEDIBLOCKSYNC01'
const SECRET_KEY = 'secret-access-key-of-the-sync-endpoint'

type Secret = { username: string; password: string }
type Request = { op: 'secret'; arn: string; secret: Secret } | { op: 'stop' } | { op: 'restart' }

/**
 * The endpoint's own process: it starts the fixture's {@link DataApiServer}
 * (loaded through Vite, which compiles its TypeScript) and does what the
 * test asks over IPC. Its own process because the suite runs the CLI with
 * spawnSync, which blocks this process's event loop: a server here would
 * never answer the CLI.
 */
const ENDPOINT_MAIN = `
import { runnerImport } from 'vite'
const { module } = await runnerImport(${JSON.stringify(
  resolve(ROOT, 'test/fixtures/data-api/data-api-server.ts')
)}, { configFile: false, logLevel: 'silent' })
const options = JSON.parse(process.env.MEDIBLOCK_DATA_API_OPTIONS)
const server = await module.DataApiServer.start(options)
process.on('disconnect', () => void server.stop().finally(() => process.exit(0)))
process.on('message', async (request) => {
  try {
    if (request.op === 'secret') options.secrets[request.arn] = request.secret
    else if (request.op === 'stop') await server.stop()
    else if (request.op === 'restart') await server.restart()
    process.send({ ok: true })
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) })
  }
})
process.send({ ok: true, endpoint: server.endpoint })
`

/** The RDS Data API test endpoint, run in a child process; one request at a time. */
class EndpointProcess {
  readonly endpoint: string
  readonly #child: ChildProcess
  #queue: Promise<unknown> = Promise.resolve()

  private constructor(child: ChildProcess, endpoint: string) {
    this.#child = child
    this.endpoint = endpoint
  }

  static async start(options: DataApiServerOptions): Promise<EndpointProcess> {
    const child = spawn(process.execPath, ['--input-type=module', '-e', ENDPOINT_MAIN], {
      cwd: ROOT,
      env: { ...process.env, MEDIBLOCK_DATA_API_OPTIONS: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc']
    })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const { endpoint } = await new Promise<{ endpoint: string }>((resolveStart, reject) => {
      child.once('message', (answer: { ok: boolean; endpoint: string }) => resolveStart(answer))
      child.once('exit', (code) =>
        reject(new Error(`the Data API endpoint exited with ${code}: ${stderr}`))
      )
    })
    return new EndpointProcess(child, endpoint)
  }

  /** Sends `request` and waits for the endpoint to have done it. */
  ask(request: Request): Promise<void> {
    const done = this.#queue.then(
      () =>
        new Promise<void>((resolveAsk, reject) => {
          const onExit = (code: number | null) =>
            reject(new Error(`the Data API endpoint exited with ${code}`))
          this.#child.once('exit', onExit)
          this.#child.once('message', (answer: { ok: boolean; error?: string }) => {
            this.#child.off('exit', onExit)
            if (answer.ok) resolveAsk()
            else reject(new Error(answer.error))
          })
          this.#child.send(request)
        })
    )
    this.#queue = done.catch(() => undefined)
    return done
  }

  /** Disconnects, which stops the server and ends the process, and waits for the end. */
  async dispose(): Promise<void> {
    if (this.#child.exitCode !== null) return
    const exited = new Promise<void>((resolveExit) => this.#child.once('exit', () => resolveExit()))
    await this.#queue
    this.#child.disconnect()
    await exited
  }
}

let postgres: PostgresServer | undefined
let endpoint: EndpointProcess | undefined
let n = 0

// The cloud is the RDS Data API: the real @aws-sdk/client-rds-data in the
// CLI, with an endpoint override, to a local endpoint that speaks its JSON
// protocol over a real PostgreSQL server. The outage is the endpoint going
// away (PostgreSQL behind it stays up); the wrong password is a wrong AWS
// secret key, whose SigV4 signature the endpoint refuses.
const dataApi: SyncEngine = {
  engine: 'data-api',
  async start() {
    postgres = await PostgresServer.start()
    endpoint = await EndpointProcess.start({
      postgres: { host: postgres.host, port: postgres.port },
      resourceArn: CLUSTER,
      secrets: {},
      accessKeys: { [ACCESS_KEY]: SECRET_KEY }
    })
  },
  async dispose() {
    await endpoint?.dispose()
    await postgres?.dispose()
  },
  async fresh() {
    const pg = postgres!
    const db = await pg.createDatabase()
    const secretArn = `arn:aws:secretsmanager:${REGION}:123456789012:secret:mediblock-sync-${++n}`
    await endpoint!.ask({
      op: 'secret',
      arn: secretArn,
      secret: { username: db.user, password: db.password }
    })
    return {
      setArgs: [
        '--resource-arn',
        CLUSTER,
        '--secret-arn',
        secretArn,
        '--database',
        db.database,
        '--region',
        REGION,
        '--endpoint',
        endpoint!.endpoint,
        '--access-key-id',
        ACCESS_KEY
      ],
      password: SECRET_KEY,
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
  stop: () => endpoint!.ask({ op: 'stop' }),
  restart: () => endpoint!.ask({ op: 'restart' }),
  unreachable: (port) => [
    '--resource-arn',
    CLUSTER,
    '--secret-arn',
    `arn:aws:secretsmanager:${REGION}:123456789012:secret:none`,
    '--region',
    REGION,
    '--endpoint',
    `http://127.0.0.1:${port}`,
    '--access-key-id',
    ACCESS_KEY
  ]
}

describeSyncOn('the RDS Data API', dataApi)
