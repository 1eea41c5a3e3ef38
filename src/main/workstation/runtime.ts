import type { Badge, WorkstationStatus } from '../../shared/ipc/schemas'
import { keepBundledNode, releaseBundledNode } from '../clinic/bundled-node-keeper'
import type { ClinicSession } from '../clinic/clinic-session'
import { PatientIndex } from '../clinic/patient-search'
import type { App } from '../core/create-app'
import { sessionState, type Session } from '../core/session'
import { LoginGuard } from './login-guard'
import { PipelineWorker } from './pipeline-worker'
import { RecordWatcher } from './record-watcher'
import { statusSnapshot, StatusMonitor } from './status-monitor'

/** How often sessions are checked for idleness. */
const IDLE_CHECK_MS = 15_000

/** What runs while someone is logged in; built at the first login, stopped at the last logout. */
interface Background {
  readonly worker: PipelineWorker
  readonly monitor: StatusMonitor
  readonly watcher: RecordWatcher
  readonly idleTimer: NodeJS.Timeout
}

/**
 * What a serving process (the desktop app, browser mode) keeps besides the
 * core: its logged-in sessions, the failed-login counts, and while anyone is
 * logged in the background work (drain and sync), the status monitor, the
 * record watcher, the bundled node kept running, and the decrypted patient
 * index. The CLI never starts any of it.
 */
export class WorkstationRuntime {
  readonly #app: App
  readonly guard = new LoginGuard()
  /** Verification badges found this run, by tid (records:verify, audit:verify). */
  readonly badges = new Map<string, Badge>()
  readonly #sessions = new Set<Session>()
  #background: Background | undefined
  #patients: PatientIndex | undefined

  constructor(app: App) {
    this.#app = app
  }

  /** A logged-in session's keys for background work; undefined when no one is logged in. */
  clinic(): ClinicSession | undefined {
    for (const session of this.#sessions) if (session.clinic) return session.clinic
    return undefined
  }

  /** The sessions with a user logged in. */
  get sessions(): ReadonlySet<Session> {
    return this.#sessions
  }

  /** The decrypted patient index (built on first use; dropped at the last logout). */
  patients(clinic: ClinicSession): PatientIndex {
    this.#patients ??= new PatientIndex(this.#app, clinic.secrets)
    return this.#patients
  }

  /** The background work, while someone is logged in. */
  get background(): Omit<Background, 'idleTimer'> | undefined {
    return this.#background
  }

  /** What the status bar shows; reachability `unknown` while no one is logged in. */
  status(): WorkstationStatus {
    if (this.#background) return this.#background.monitor.current()
    return statusSnapshot(this.#app, {
      node: this.#app.store.getConfig('ledger').kind === 'none' ? 'none' : 'unknown',
      cloud: 'unknown',
      problem: null,
      checkedAt: null,
      busy: { draining: false, syncing: false },
      error: null
    })
  }

  /** A session logged in: background work starts with the first. */
  attach(session: Session): void {
    this.#sessions.add(session)
    if (this.#background) return
    if (this.#app.store.getConfig('ledger').kind === 'bundled') {
      keepBundledNode(this.#app).catch((error: unknown) =>
        this.#app.log.warn({ err: error }, 'the bundled node did not start')
      )
    }
    const watcher = new RecordWatcher(this.#app)
    const worker = new PipelineWorker(this.#app, {
      session: () => this.clinic(),
      after: () => {
        watcher.check()
        void this.#background?.monitor.probe()
      }
    })
    const monitor = new StatusMonitor(this.#app, {
      session: () => this.clinic(),
      work: () => ({ busy: worker.busy, error: worker.errors.drain ?? worker.errors.sync })
    })
    const idleTimer = setInterval(() => this.lockIdle(), IDLE_CHECK_MS)
    idleTimer.unref()
    this.#background = { worker, monitor, watcher, idleTimer }
    monitor.start()
    worker.start()
  }

  /** A session logged out: background work stops with the last. */
  async detach(session: Session): Promise<void> {
    this.#sessions.delete(session)
    if (this.#sessions.size === 0) await this.stop()
  }

  /** Locks the sessions silent for longer than the clinic's auto-lock time. */
  lockIdle(now = Date.now()): void {
    const { autoLockMinutes } = this.#app.store.getConfig('clinic.settings')
    for (const session of this.#sessions) {
      if (session.locked || now - session.lastActiveAt < autoLockMinutes * 60_000) continue
      session.locked = true
      this.#app.log.info({ session: session.id }, 'session locked after idle time')
      this.#app.events.emit('session:changed', sessionState(session))
    }
  }

  /** Stops the background work and the kept node; forgets decrypted patients. */
  async stop(): Promise<void> {
    const background = this.#background
    this.#background = undefined
    this.#patients = undefined
    this.badges.clear()
    if (background) {
      clearInterval(background.idleTimer)
      await background.worker.stop()
      await background.monitor.stop()
    }
    await releaseBundledNode(this.#app)
  }
}

const runtimes = new WeakMap<App, WorkstationRuntime>()

/** The runtime of a serving process's core (made on first use, stopped when the core closes). */
export function runtimeOf(app: App): WorkstationRuntime {
  let runtime = runtimes.get(app)
  if (!runtime) {
    const made = new WorkstationRuntime(app)
    runtime = made
    runtimes.set(app, made)
    app.onClose(() => made.stop())
  }
  return runtime
}
