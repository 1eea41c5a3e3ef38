import type { WorkstationStatus } from '../../shared/ipc/schemas'
import { keepBundledNode, keptBundledNode } from '../clinic/bundled-node-keeper'
import type { ClinicSession } from '../clinic/clinic-session'
import { NODE_TIMEOUT_MS, nodeQuantity } from '../clinic/node-rpc'
import { openConfiguredCloud, type CloudStore } from '../cloud'
import type { App } from '../core/create-app'

export interface StatusMonitorOptions {
  readonly session: () => ClinicSession | undefined
  /** What the background work is doing, and its last failure. */
  readonly work: () => { busy: WorkstationStatus['busy']; error: string | null }
  /** How often to probe the node and the cloud (default 5 s). */
  readonly everyMs?: number
}

/**
 * What the status bar shows: reachability as last probed, the background
 * work's state, and the queue counted now.
 */
export function statusSnapshot(
  app: App,
  seen: {
    node: WorkstationStatus['node']
    cloud: WorkstationStatus['cloud']
    problem: string | null
    checkedAt: string | null
    busy: WorkstationStatus['busy']
    error: string | null
  }
): WorkstationStatus {
  const outbox = app.store.sync.outboxState()
  const sync = app.store.getConfig('sync')
  const lastSyncAt = [sync.lastPushAt, sync.lastPullAt]
    .filter((t): t is string => t !== null)
    .sort()
    .at(-1)
  return {
    node: seen.node,
    cloud: seen.cloud,
    offline: seen.node === 'down' || seen.cloud === 'down',
    queue: {
      depth: app.store.queue.ledgerDepth(),
      cloudBacklog: outbox.waiting,
      failing: outbox.failing
    },
    lastSyncAt: lastSyncAt ?? null,
    lastError: seen.error ?? seen.problem,
    busy: { ...seen.busy },
    checkedAt: seen.checkedAt
  }
}

/**
 * What the status bar shows, kept up to date while someone is logged in:
 * it probes the node and the cloud every few seconds (and after every drain
 * and sync), counts the queue, and emits `status:changed` whenever any of
 * it changes, never more. The cloud connection is kept open between probes.
 */
export class StatusMonitor {
  readonly #app: App
  readonly #options: StatusMonitorOptions
  #node: WorkstationStatus['node'] = 'unknown'
  #cloud: WorkstationStatus['cloud'] = 'unknown'
  #problem: string | null = null
  #checkedAt: string | null = null
  #store: { cloud: CloudStore; settings: string } | undefined
  #timer: NodeJS.Timeout | undefined
  #probing: Promise<void> | undefined
  #published = ''

  constructor(app: App, options: StatusMonitorOptions) {
    this.#app = app
    this.#options = options
  }

  start(): void {
    if (this.#timer) return
    this.#timer = setInterval(() => void this.probe(), this.#options.everyMs ?? 5_000)
    this.#timer.unref()
    void this.probe()
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    this.#timer = undefined
    await this.#probing
    await this.#closeCloud()
  }

  /** The status now (queue counts read fresh; reachability as last probed). */
  current(): WorkstationStatus {
    return statusSnapshot(this.#app, {
      node: this.#node,
      cloud: this.#cloud,
      problem: this.#problem,
      checkedAt: this.#checkedAt,
      ...this.#options.work()
    })
  }

  /** Emits `status:changed` if anything the bar shows changed since the last one. */
  publish(): void {
    const status = this.current()
    const { checkedAt: _at, ...shown } = status
    const key = JSON.stringify(shown)
    if (key === this.#published) return
    this.#published = key
    this.#app.events.emit('status:changed', status)
  }

  /** Probes the node and the cloud now (one probe at a time), then publishes. */
  probe(): Promise<void> {
    this.#probing ??= (async () => {
      try {
        const [node, cloud] = await Promise.all([this.#probeNode(), this.#probeCloud()])
        this.#node = node.state
        this.#cloud = cloud.state
        this.#problem = node.problem ?? cloud.problem
        this.#checkedAt = new Date().toISOString()
        this.publish()
      } finally {
        this.#probing = undefined
      }
    })()
    return this.#probing
  }

  /** Forgets the cloud connection (its settings changed). */
  async resetCloud(): Promise<void> {
    await this.#closeCloud()
    void this.probe()
  }

  async #probeNode(): Promise<{ state: WorkstationStatus['node']; problem: string | null }> {
    const ledger = this.#app.store.getConfig('ledger')
    if (ledger.kind === 'none') return { state: 'none', problem: null }
    let url = ledger.nodeUrl
    if (ledger.kind === 'bundled') {
      const node = await keptBundledNode(this.#app)
      if (!node) {
        // Not running (it died, or never started): start it again for next time.
        keepBundledNode(this.#app).catch((error: unknown) =>
          this.#app.log.warn({ err: error }, 'the bundled node did not start')
        )
        return { state: 'down', problem: 'the bundled node is not running; starting it' }
      }
      url = node.url
    }
    if (!url) return { state: 'down', problem: 'the remote ledger has no node URL' }
    try {
      await nodeQuantity(url, 'eth_blockNumber')
      return { state: 'up', problem: null }
    } catch {
      return { state: 'down', problem: `the Ethereum node at ${url} does not answer` }
    }
  }

  async #probeCloud(): Promise<{ state: WorkstationStatus['cloud']; problem: string | null }> {
    const session = this.#options.session()
    if (!session) return { state: 'unknown', problem: null }
    const settings = JSON.stringify(this.#app.store.getConfig('cloud'))
    try {
      if (this.#store?.settings !== settings) {
        await this.#closeCloud()
        const cloud = await openConfiguredCloud({
          store: this.#app.store,
          paths: this.#app.paths,
          secrets: session.keys.secrets.store,
          connectTimeoutMs: NODE_TIMEOUT_MS,
          ...(this.#app.config.sqliteBinding
            ? { nativeBinding: this.#app.config.sqliteBinding }
            : {})
        })
        this.#store = { cloud, settings }
      }
      const { current, required } = await this.#store.cloud.schemaStatus()
      if (current !== required) {
        return {
          state: 'down',
          problem: `the cloud database has schema ${current}, this MediBlock needs ${required}: an admin migrates it`
        }
      }
      return { state: 'up', problem: null }
    } catch (error) {
      await this.#closeCloud()
      return { state: 'down', problem: (error as Error).message }
    }
  }

  async #closeCloud(): Promise<void> {
    const open = this.#store
    this.#store = undefined
    await open?.cloud.close().catch(() => undefined)
  }
}
