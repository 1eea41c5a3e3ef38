import type { ClinicSession } from '../clinic/clinic-session'
import { drainQueue } from '../clinic/records-service'
import type { App } from '../core/create-app'
import { syncOnce, type SyncReport } from '../sync/sync-service'

export interface PipelineWorkerOptions {
  /** Whose keys the background work uses: any logged-in session's (the device secrets are one). */
  readonly session: () => ClinicSession | undefined
  /** Called after each drain and sync, whatever the outcome (record events, status). */
  readonly after: () => void
  /** How often to look for queued records (they are also sent at once when `kick`ed). */
  readonly drainEveryMs?: number
  /** How often to sync with the cloud when nothing else asks for it. */
  readonly syncEveryMs?: number
}

/**
 * The handshaker's background work in a serving process (the desktop app,
 * browser mode) while someone is logged in: it drains the queue to the
 * ledger as soon as a record is queued (TV), and syncs with the cloud after
 * each drain that anchored something and every `syncEveryMs`, so records
 * go on chain and to the cloud without anyone asking. Drains and syncs run
 * one at a time; a failure (node or cloud down) is kept for the status bar
 * and retried on the next tick; nothing is lost, the queue keeps it all.
 */
export class PipelineWorker {
  readonly #app: App
  readonly #options: PipelineWorkerOptions
  readonly #drainEveryMs: number
  readonly #syncEveryMs: number
  #chain: Promise<unknown> = Promise.resolve()
  #pending = false
  #timer: NodeJS.Timeout | undefined
  #lastSyncAttempt = 0
  #stopped = true
  /** What runs now, for the status bar. */
  readonly busy = { draining: false, syncing: false }
  /** The last failure of each kind of work, in words; null once it succeeds again. */
  readonly errors: { drain: string | null; sync: string | null } = { drain: null, sync: null }

  constructor(app: App, options: PipelineWorkerOptions) {
    this.#app = app
    this.#options = options
    this.#drainEveryMs = options.drainEveryMs ?? 2_000
    this.#syncEveryMs = options.syncEveryMs ?? 15_000
  }

  start(): void {
    if (!this.#stopped) return
    this.#stopped = false
    this.#timer = setInterval(() => this.kick(), this.#drainEveryMs)
    this.#timer.unref()
    this.kick()
  }

  /** Stops the ticks and waits for the work in progress. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearInterval(this.#timer)
    await this.#chain
  }

  /** Looks for work now (a record was just queued, a retry was asked for). */
  kick(): void {
    if (this.#stopped || this.#pending) return
    this.#pending = true
    this.#enqueue(async () => {
      this.#pending = false
      await this.#round()
    }).catch(() => undefined)
  }

  /** One sync now, after the work in progress; its errors go to the caller. */
  syncNow(): Promise<SyncReport> {
    return this.#enqueue(async () => {
      const session = this.#options.session()
      if (!session) throw new Error('no one is logged in')
      return this.#sync(session, true)
    })
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(work, work)
    this.#chain = run.catch(() => undefined)
    return run
  }

  async #round(): Promise<void> {
    const session = this.#options.session()
    if (!session || this.#stopped) return
    const { store } = this.#app
    let anchored = false
    if (store.queue.ledgerDepth() > 0) {
      this.busy.draining = true
      try {
        anchored = (await drainQueue(this.#app, session)) > 0
        this.errors.drain = null
      } catch (error) {
        this.errors.drain = (error as Error).message
        this.#app.log.info({ err: error }, 'background drain failed; retrying')
      } finally {
        this.busy.draining = false
        this.#options.after()
      }
    }
    const due = Date.now() - this.#lastSyncAttempt >= this.#syncEveryMs
    if (!this.#stopped && (anchored || due)) {
      await this.#sync(session, false).catch(() => undefined)
    }
  }

  async #sync(session: ClinicSession, asked: boolean): Promise<SyncReport> {
    this.#lastSyncAttempt = Date.now()
    this.busy.syncing = true
    try {
      const report = await syncOnce(this.#app, session)
      this.errors.sync = null
      return report
    } catch (error) {
      this.errors.sync = (error as Error).message
      if (!asked) this.#app.log.info({ err: error }, 'background sync failed; retrying')
      throw error
    } finally {
      this.busy.syncing = false
      this.#options.after()
    }
  }
}
