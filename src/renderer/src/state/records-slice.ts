import type { StateCreator } from 'zustand'
import type { RecordChanged, TemplateSummary, TimelineItem } from '../../../shared/ipc/schemas'
import { messageOf } from './errors'
import type { Store } from './store'

/** Timeline items per page. */
export const TIMELINE_PAGE = 100

/** One patient's timeline as loaded so far, newest first. */
export interface Timeline {
  items: TimelineItem[]
  nextCursor: string | null
  loading: boolean
  error: string | null
}

/** Patients' timelines, kept current by `record:changed`. */
export interface RecordsSlice {
  timelines: Record<string, Timeline>
  /** Opens a patient: demographics (into `known`) and the newest page of records. */
  openPatient: (patientId: string) => Promise<void>
  loadOlder: (patientId: string) => Promise<void>
  applyRecordChange: (change: RecordChanged) => void
  /** The latest version of each template (`templates:list`), for what a role may record; null until read. */
  templateList: TemplateSummary[] | null
  loadTemplateList: () => Promise<void>
  /** Forget every patient and record (logout, user change). */
  clearClinicalData: () => void
}

const EMPTY: Timeline = { items: [], nextCursor: null, loading: false, error: null }

export const createRecordsSlice: StateCreator<Store, [], [], RecordsSlice> = (set, get) => {
  const patch = (patientId: string, change: Partial<Timeline>) =>
    set((s) => ({
      timelines: {
        ...s.timelines,
        [patientId]: { ...(s.timelines[patientId] ?? EMPTY), ...change }
      }
    }))

  /** A record reached the chain or the cloud: charts of its template read it in. */
  function noteAccepted(change: RecordChanged): void {
    if (change.state !== 'anchored' && change.state !== 'synced') return
    const item = get().timelines[change.patientId]?.items.find((i) => i.tid === change.tid)
    if (item) get().seriesStale(change.patientId, item.template.slug)
  }

  async function reloadNewest(patientId: string): Promise<void> {
    const { client } = get()
    if (!client) return
    try {
      const page = await client.call('records:list', { patientId, limit: TIMELINE_PAGE })
      const older = get().timelines[patientId]?.items ?? []
      const fresh = new Set(page.items.map((item) => item.tid))
      patch(patientId, {
        items: [...page.items, ...older.filter((item) => !fresh.has(item.tid))],
        error: null
      })
    } catch (error) {
      patch(patientId, { error: messageOf(error) })
    }
  }

  return {
    timelines: {},
    async openPatient(patientId) {
      const { client } = get()
      if (!client) return
      patch(patientId, { loading: true, error: null })
      try {
        const view = await client.call('patients:get', { patientId, limit: TIMELINE_PAGE })
        set((s) => ({ known: { ...s.known, [patientId]: view.patient } }))
        patch(patientId, {
          items: view.timeline.items,
          nextCursor: view.timeline.nextCursor,
          loading: false
        })
      } catch (error) {
        patch(patientId, { loading: false, error: messageOf(error) })
      }
    },
    async loadOlder(patientId) {
      const { client, timelines } = get()
      const timeline = timelines[patientId]
      if (!client || !timeline?.nextCursor || timeline.loading) return
      patch(patientId, { loading: true })
      try {
        const page = await client.call('records:list', {
          patientId,
          limit: TIMELINE_PAGE,
          before: timeline.nextCursor
        })
        const items = get().timelines[patientId]?.items ?? []
        patch(patientId, {
          items: [...items, ...page.items],
          nextCursor: page.nextCursor,
          loading: false
        })
      } catch (error) {
        patch(patientId, { loading: false, error: messageOf(error) })
      }
    },
    applyRecordChange(change) {
      const timeline = get().timelines[change.patientId]
      if (!timeline) return
      const index = timeline.items.findIndex((item) => item.tid === change.tid)
      const item = timeline.items[index]
      if (!item) {
        // A record this window has not seen (entered elsewhere, or just now): fetch the newest page.
        void reloadNewest(change.patientId).then(() => noteAccepted(change))
        return
      }
      const updated: TimelineItem = {
        ...item,
        state: change.state,
        rejection: change.rejection,
        anchoredAt:
          item.anchoredAt ??
          (change.state === 'anchored' || change.state === 'synced' ? change.at : null),
        syncedAt: item.syncedAt ?? (change.state === 'synced' ? change.at : null)
      }
      const items = [...timeline.items]
      items[index] = updated
      patch(change.patientId, { items })
      noteAccepted(change)
    },
    templateList: null,
    async loadTemplateList() {
      const { client } = get()
      if (!client) return
      try {
        set({ templateList: await client.call('templates:list', {}) })
      } catch {
        // Without the list no template is offered; the patient page still works.
        set({ templateList: [] })
      }
    },
    clearClinicalData() {
      get().clearAudit()
      set({
        timelines: {},
        charts: {},
        templateList: null,
        known: {},
        results: [],
        total: 0,
        query: '',
        searchedFor: null,
        searchError: null,
        staff: null
      })
    }
  }
}
