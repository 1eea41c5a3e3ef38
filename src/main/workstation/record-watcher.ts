import type { RecordChanged } from '../../shared/ipc/schemas'
import { rejectionOf } from '../clinic/record-outcome'
import type { App } from '../core/create-app'
import type { RecordState } from '../store/records-repo'

/** States after which a record no longer changes on its own. */
const SETTLED: ReadonlySet<RecordState> = new Set(['rejected', 'synced'])

/**
 * Emits `record:changed` when a record someone may be waiting on changes
 * state: every record of this workstation not yet settled (waiting for the
 * ledger or the cloud), whoever moves it (the background drain, a sync, or
 * another process on the same data dir). It compares states, so it can be
 * asked to look as often as is convenient: after each drain and sync, and
 * on each status tick.
 */
export class RecordWatcher {
  readonly #app: App
  readonly #known = new Map<string, RecordState>()

  constructor(app: App) {
    this.#app = app
    for (const { tid, state } of app.store.queue.unsettled()) this.#known.set(tid, state)
  }

  /** Starts watching a record just queued. */
  watch(tid: string, state: RecordState): void {
    if (!SETTLED.has(state)) this.#known.set(tid, state)
  }

  /** How many records are watched (unsettled). */
  get size(): number {
    return this.#known.size
  }

  /** Looks at every watched record once; emits for each that changed. Answers how many did. */
  check(now: Date = new Date()): number {
    // Records another process on this data dir queued since are watched from now on.
    for (const { tid, state } of this.#app.store.queue.unsettled()) {
      if (!this.#known.has(tid)) this.#known.set(tid, state)
    }
    if (this.#known.size === 0) return 0
    let changed = 0
    for (const row of this.#app.store.queue.statesOf([...this.#known.keys()])) {
      if (this.#known.get(row.tid) === row.state) continue
      changed++
      const event: RecordChanged = {
        tid: row.tid,
        patientId: row.patientId,
        state: row.state,
        rejection: rejectionOf(
          row,
          this.#app.store.templates.find(row.templateId, row.templateVersion)?.definition
        ),
        at: now.toISOString()
      }
      if (SETTLED.has(row.state)) this.#known.delete(row.tid)
      else this.#known.set(row.tid, row.state)
      this.#app.events.emit('record:changed', event)
    }
    return changed
  }
}
