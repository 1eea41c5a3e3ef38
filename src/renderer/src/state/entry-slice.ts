import type { StateCreator } from 'zustand'
import type {
  RecordChanged,
  RecordState,
  RecordsAddRequest,
  Rejection,
  TemplateDetail,
  TemplateSummary,
  TimelineItem
} from '../../../shared/ipc/schemas'
import type { z } from 'zod'
import type { CoreClient } from '../client/core-client'
import type { Store } from './store'

/** A form's values by attribute key (see screens/entry/entry-schema.ts). */
export type DraftValues = Record<string, string | number | boolean>

/** One record sent from a form, followed until its ACK. */
export interface Submission {
  tid: string
  patientId: string
  template: { id: number; version: number; slug: string; title: string }
  state: RecordState
  rejection: Rejection | null
  /** `performance.now()` when the form was submitted, and when the record was first seen on chain. */
  submittedAt: number
  onChainAt: number | null
}

/** Where a form's draft is kept: one per patient, template and corrected record. */
export function draftKey(patientId: string, template: string, supersedes?: string): string {
  return [patientId, template, supersedes ?? ''].join(' ')
}

/**
 * The entry forms' state. Drafts outlive the screen (navigating away and
 * back keeps a half-filled form; the lock keeps the screen itself mounted)
 * and go with the rest of the clinical data at logout. Submissions follow
 * `record:changed` until the ledger's answer.
 */
export interface EntrySlice {
  drafts: Record<string, DraftValues>
  submissions: Record<string, Submission>
  saveDraft: (key: string, values: DraftValues) => void
  dropDraft: (key: string) => void
  /** A template version read afresh (the latest for a bare slug): a form validates with the rules new records get. */
  loadEntryTemplate: (ref: string) => Promise<TemplateDetail>
  /** The latest version of each template. */
  listTemplates: () => Promise<TemplateSummary[]>
  /** The record a correction starts from. */
  loadRecord: (tid: string) => Promise<TimelineItem>
  /** Signs and queues a record; answers at once, and follows it until the ledger answers. */
  submitRecord: (request: z.input<typeof RecordsAddRequest>) => Promise<Submission>
}

/** ACKs kept for records whose `records:add` answer has not arrived yet (it races the event). */
const EARLY_CHANGES = 200

const ON_CHAIN: readonly RecordState[] = ['anchored', 'synced']

/** How far along a record is: events can arrive out of order, and a record never goes back. */
const RANK: Record<RecordState, number> = {
  queued: 0,
  submitted: 1,
  anchored: 2,
  rejected: 3,
  synced: 3
}

export const createEntrySlice: StateCreator<Store, [], [], EntrySlice> = (set, get, api) => {
  let listening: CoreClient | null = null
  const early = new Map<string, RecordChanged>()

  // Drafts hold patient data: they go when their user does (logout, or another user's login).
  api.subscribe((state, previous) => {
    const user = state.session?.user?.username ?? null
    if (user !== (previous.session?.user?.username ?? null) && previous.session) {
      early.clear()
      set({ drafts: {}, submissions: {} })
    }
  })

  const client = (): CoreClient => {
    const c = get().client
    if (!c) throw new Error('MediBlock is not connected yet')
    return c
  }

  function apply(change: RecordChanged): void {
    const current = get().submissions[change.tid]
    if (!current) {
      early.set(change.tid, change)
      if (early.size > EARLY_CHANGES) early.delete(early.keys().next().value!)
      return
    }
    // A late event never takes a record back (synced stays synced).
    if (RANK[change.state] <= RANK[current.state]) return
    set((s) => ({
      submissions: {
        ...s.submissions,
        [change.tid]: {
          ...current,
          state: change.state,
          rejection: change.rejection,
          onChainAt:
            current.onChainAt ?? (ON_CHAIN.includes(change.state) ? performance.now() : null)
        }
      }
    }))
  }

  function listen(c: CoreClient): void {
    if (listening === c) return
    listening = c
    c.on('record:changed', apply)
  }

  return {
    drafts: {},
    submissions: {},
    saveDraft(key, values) {
      set((s) => ({ drafts: { ...s.drafts, [key]: values } }))
    },
    dropDraft(key) {
      set((s) => {
        const drafts = { ...s.drafts }
        delete drafts[key]
        return { drafts }
      })
    },
    async loadEntryTemplate(ref) {
      const detail = await client().call('templates:get', { template: ref })
      // Shared with the timeline's labels.
      set((s) => ({
        templates: {
          ...s.templates,
          [`${detail.slug}@${detail.version}`]: detail,
          ...(detail.latest ? { [detail.slug]: detail } : {})
        }
      }))
      return detail
    },
    listTemplates() {
      return client().call('templates:list', { allVersions: false })
    },
    loadRecord(tid) {
      return client().call('records:get', { tid })
    },
    async submitRecord(request) {
      const c = client()
      listen(c)
      const submittedAt = performance.now()
      const answer = await c.call('records:add', request)
      const submission: Submission = {
        tid: answer.tid,
        patientId: request.patientId,
        template: answer.template,
        state: answer.state,
        rejection: null,
        submittedAt,
        onChainAt: ON_CHAIN.includes(answer.state) ? performance.now() : null
      }
      set((s) => ({ submissions: { ...s.submissions, [answer.tid]: submission } }))
      const change = early.get(answer.tid)
      if (change) {
        early.delete(answer.tid)
        apply(change)
      }
      return get().submissions[answer.tid] ?? submission
    }
  }
}
