import type { StateCreator } from 'zustand'
import type {
  PatientRegisterRequest,
  PatientRegisterResult,
  PatientSummary
} from '../../../shared/ipc/schemas'
import { messageOf } from './errors'
import type { Store } from './store'

/** How many patients one search shows. */
export const SEARCH_LIMIT = 50

/** The patient search and registration. */
export interface PatientsSlice {
  /** The query as typed (kept while the user visits a patient and comes back). */
  query: string
  results: PatientSummary[]
  /** How many match in all (results hold at most {@link SEARCH_LIMIT}). */
  total: number
  searching: boolean
  searchError: string | null
  /** The query the results answer; null before the first search. */
  searchedFor: string | null
  /** Patients seen in this session, by id: the patient page's header before its data arrives. */
  known: Record<string, PatientSummary>
  setQuery: (query: string) => void
  search: (query: string) => Promise<void>
  register: (request: PatientRegisterRequest) => Promise<PatientRegisterResult>
}

export const createPatientsSlice: StateCreator<Store, [], [], PatientsSlice> = (set, get) => {
  // Answers can come back out of order; only the newest search's answer counts.
  let sequence = 0
  return {
    query: '',
    results: [],
    total: 0,
    searching: false,
    searchError: null,
    searchedFor: null,
    known: {},
    setQuery(query) {
      set({ query })
    },
    async search(query) {
      const { client } = get()
      if (!client) return
      const mine = ++sequence
      set({ searching: true })
      try {
        const answer = await client.call('patients:search', {
          query: query.trim(),
          limit: SEARCH_LIMIT
        })
        if (mine !== sequence) return
        const known = { ...get().known }
        for (const patient of answer.patients) known[patient.id] = patient
        set({
          results: answer.patients,
          total: answer.total,
          searching: false,
          searchError: null,
          searchedFor: query,
          known
        })
      } catch (error) {
        if (mine !== sequence) return
        set({ searching: false, searchError: messageOf(error) })
      }
    },
    async register(request) {
      const { client } = get()
      if (!client) throw new Error('MediBlock is not connected yet')
      const result = await client.call('patients:register', request)
      set({ known: { ...get().known, [result.patient.id]: result.patient } })
      return result
    }
  }
}
