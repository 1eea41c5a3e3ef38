import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'
import { Wallet } from 'ethers'
import { ROOT } from './cli'
import { jsonRpc } from './json-rpc'

/** ganache's own command line, as an operator would start a node. */
const GANACHE_CLI = resolve(ROOT, 'node_modules/ganache/dist/node/cli.js')

export const REMOTE_CHAIN_ID = 1337

export interface GanacheServerOptions {
  /** Where the chain lives; a restart on the same dir keeps it. */
  readonly dbPath: string
  /** Seconds between blocks; 0 mines each transaction at once. */
  readonly blockTime?: number
}

/**
 * ganache started as a separate JSON-RPC server process on a loopback port:
 * the "remote node" of the tests. It can be stopped and started again on the
 * same port and database, as a node that goes down and comes back.
 */
export class GanacheServer {
  readonly url: string
  /** A funded account: the operator who deploys and administers the ledger. */
  readonly operator: Wallet
  readonly #options: GanacheServerOptions
  readonly #port: number
  #child: ChildProcess | undefined

  private constructor(options: GanacheServerOptions, port: number, operator: Wallet) {
    this.#options = options
    this.#port = port
    this.url = `http://127.0.0.1:${port}`
    this.operator = operator
  }

  static async start(options: GanacheServerOptions): Promise<GanacheServer> {
    const server = new GanacheServer(
      options,
      await freePort(),
      new Wallet(Wallet.createRandom().privateKey)
    )
    await server.restart()
    return server
  }

  /** Starts the process (again) and resolves once it answers. */
  async restart(): Promise<void> {
    const args = [
      GANACHE_CLI,
      '--server.host=127.0.0.1',
      `--server.port=${this.#port}`,
      `--chain.chainId=${REMOTE_CHAIN_ID}`,
      '--chain.hardfork=shanghai',
      `--database.dbPath=${this.#options.dbPath}`,
      `--wallet.accounts=${this.operator.privateKey},0x3635c9adc5dea00000`,
      '--logging.quiet'
    ]
    if (this.#options.blockTime) args.push(`--miner.blockTime=${this.#options.blockTime}`)
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    this.#child = child
    const deadline = Date.now() + 30_000
    for (;;) {
      if (child.exitCode !== null) throw new Error(`ganache exited: ${stderr}`)
      try {
        await jsonRpc(this.url, 'eth_chainId', [])
        return
      } catch {
        if (Date.now() > deadline) throw new Error(`ganache did not answer: ${stderr}`)
        await new Promise((r) => setTimeout(r, 100))
      }
    }
  }

  /** Stops the process (SIGTERM: ganache closes its database) and waits for it. */
  async stop(): Promise<void> {
    const child = this.#child
    this.#child = undefined
    if (!child || child.exitCode !== null) return
    await new Promise<void>((done) => {
      child.once('exit', () => done())
      child.kill('SIGTERM')
    })
  }
}

/** A loopback port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => done(port))
    })
  })
}
