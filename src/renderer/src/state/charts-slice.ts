import type { StateCreator } from 'zustand'
import type { RecordsSeriesResult } from '../../../shared/ipc/schemas'
import { messageOf } from './errors'
import type { Store } from './store'

/** The template whose numeric attributes the patient page charts. */
export const CHARTED_TEMPLATE = 'vital-signs'

/** `records:series` caps the attributes of one request. */
const MAX_ATTRIBUTES = 12

/** One patient's charted series, as last read. */
export interface PatientSeries {
  series: RecordsSeriesResult['series']
  loading: boolean
  error: string | null
}

/** Vital signs over time per patient, read again when a new one is accepted. */
export interface ChartsSlice {
  /** By patient id. */
  charts: Record<string, PatientSeries>
  /** Reads the charted template's numeric attributes over the patient's records. */
  loadSeries: (patientId: string) => Promise<void>
  /**
   * A record of `templateSlug` for the patient reached the chain or the
   * cloud: read the series again if they are shown and of that template.
   */
  seriesStale: (patientId: string, templateSlug: string) => void
}

export const createChartsSlice: StateCreator<Store, [], [], ChartsSlice> = (set, get) => {
  /** Reads on their way, and whether another was asked for meanwhile (records arrive in bursts). */
  const inFlight = new Map<string, { again: boolean }>()

  const patch = (patientId: string, change: Partial<PatientSeries>) =>
    set((s) => ({
      charts: {
        ...s.charts,
        [patientId]: {
          ...(s.charts[patientId] ?? { series: [], loading: false, error: null }),
          ...change
        }
      }
    }))

  async function read(patientId: string): Promise<void> {
    const { client } = get()
    if (!client) return
    const template = await get().loadTemplate(CHARTED_TEMPLATE)
    const attributes = (template?.definition.attributes ?? [])
      .filter((a) => a.type === 'quantity' || a.type === 'integer')
      .map((a) => a.key)
      .slice(0, MAX_ATTRIBUTES)
    if (attributes.length === 0) {
      patch(patientId, { series: [], loading: false, error: null })
      return
    }
    try {
      const answer = await client.call('records:series', {
        patientId,
        template: CHARTED_TEMPLATE,
        attributes
      })
      // A logout meanwhile forgot every patient: keep it forgotten.
      if (get().charts[patientId])
        patch(patientId, { series: answer.series, loading: false, error: null })
    } catch (error) {
      if (get().charts[patientId]) patch(patientId, { loading: false, error: messageOf(error) })
    }
  }

  return {
    charts: {},
    async loadSeries(patientId) {
      const running = inFlight.get(patientId)
      if (running) {
        running.again = true
        return
      }
      const state = { again: false }
      inFlight.set(patientId, state)
      patch(patientId, { loading: true })
      try {
        do {
          state.again = false
          await read(patientId)
        } while (state.again)
      } finally {
        inFlight.delete(patientId)
      }
    },
    seriesStale(patientId, templateSlug) {
      if (templateSlug !== CHARTED_TEMPLATE || !get().charts[patientId]) return
      void get().loadSeries(patientId)
    }
  }
}
