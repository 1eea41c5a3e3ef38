import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { makeError } from '../../../shared/errors'
import type { Logger } from '../../log/logger'
import { forkLauncher, type ChildHandle, type Launcher } from './launcher'
import type { FromNode } from './messages'

/**
 * The bundled ledger's chain id. Fixed, so that a ledger's records and the
 * contract's EIP-712 domain stay valid across restarts, and distinct from the
 * usual development chains (1337, 31337) so a wallet never confuses them.
 */
export const BUNDLED_CHAIN_ID = 77_001

/** How long the node may take to open its database and listen. */
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 10_000
/** How long to wait for a previous node process to let go of the database. */
const LOCK_WAIT_MS = 10_000

export interface BundledNodeOptions {
  /** The data dir's `chain/` folder. */
  readonly chainDir: string
  readonly log: Logger
  /** The built child entry; defaults to the one beside this bundle. */
  readonly entry?: string
  readonly launcher?: Launcher
  /** 0 picks a free loopback port. */
  readonly port?: number
}

/** The built bundled-node entry beside the main bundle (`out/main/ganache-node.js`). */
export function defaultNodeEntry(): string {
  return process.env['MEDIBLOCK_NODE_ENTRY'] ?? join(__dirname, 'ganache-node.js')
}

/**
 * The bundled Ethereum node (ganache) running in its own process on
 * 127.0.0.1, with its database in the data dir. Started and stopped with the
 * app; if it dies, {@link BundledNode.exited} says so and callers restart it.
 */
export class BundledNode {
  readonly url: string
  readonly chainId = BUNDLED_CHAIN_ID
  /** Resolves with the exit code when the node process ends. */
  readonly exited: Promise<number | null>
  readonly #child: ChildHandle
  #stopping: Promise<void> | undefined

  private constructor(child: ChildHandle, port: number, exited: Promise<number | null>) {
    this.#child = child
    this.url = `http://127.0.0.1:${port}`
    this.exited = exited
  }

  /**
   * Starts the node and resolves once it answers on its port. A node process
   * of a previous run that is still shutting down (or was killed a moment
   * ago) holds the database lock for a little while: wait for it.
   */
  static async start(options: BundledNodeOptions): Promise<BundledNode> {
    const deadline = Date.now() + LOCK_WAIT_MS
    for (;;) {
      try {
        return await BundledNode.#startOnce(options)
      } catch (error) {
        const locked = /lock/i.test((error as Error).message)
        if (!locked || Date.now() > deadline) throw error
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  }

  static async #startOnce(options: BundledNodeOptions): Promise<BundledNode> {
    mkdirSync(options.chainDir, { recursive: true, mode: 0o700 })
    const child = (options.launcher ?? forkLauncher)(options.entry ?? defaultNodeEntry(), 'ledger')
    const exited = new Promise<number | null>((resolve) => child.onExit(resolve))
    const ready = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill()
        reject(makeError('the bundled node did not start in time', 'UNAVAILABLE'))
      }, START_TIMEOUT_MS)
      child.onMessage((raw) => {
        const message = raw as FromNode
        if (message.type === 'ready') {
          clearTimeout(timer)
          options.log.info({ port: message.port, block: message.blockNumber }, 'bundled node ready')
          resolve(message.port)
        } else if (message.type === 'error') {
          clearTimeout(timer)
          reject(makeError(`the bundled node failed: ${message.message}`, 'UNAVAILABLE'))
        }
      })
      void exited.then((code) => {
        clearTimeout(timer)
        reject(makeError(`the bundled node exited while starting (code ${code})`, 'UNAVAILABLE'))
      })
    })
    child.send({
      type: 'start',
      dbPath: options.chainDir,
      chainId: BUNDLED_CHAIN_ID,
      port: options.port ?? 0
    })
    const port = await ready
    void exited.then((code) => options.log.info({ code }, 'bundled node exited'))
    return new BundledNode(child, port, exited)
  }

  /** Closes the node's database cleanly and ends its process. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#child.send({ type: 'stop' })
      const timer = setTimeout(() => this.#child.kill(), STOP_TIMEOUT_MS)
      await this.exited
      clearTimeout(timer)
    })()
    return this.#stopping
  }

  /** The node's process id (never this process). */
  get pid(): number | undefined {
    return this.#child.pid
  }

  /** Ends the process at once (tests of crashes; shutdown when stop hangs). */
  kill(): void {
    this.#child.kill()
  }
}
