import type { StateCreator } from 'zustand'
import type { ChannelResponse } from '../../../shared/ipc/channels'
import type { AuditVerifyResult, Badge, RecordState } from '../../../shared/ipc/schemas'
import { messageOf } from './errors'
import type { Store } from './store'

/** What a run covers: the whole clinic, one patient (id or MRN), or records since a time. */
export interface AuditScopeChoice {
  patient?: string
  since?: string
}

/** A verify or a report the core is working on, with how far it has got. */
export interface AuditRun {
  runId: string
  kind: 'verify' | 'report'
  scope: AuditScopeChoice
  /** Records looked at so far on each side (`audit:progress`); null until the first event. */
  progress: { anchored: number; cloud: number } | null
  /** Cloud rows in all, when the run covers the whole clinic and the core said how many. */
  total: number | null
}

/** The last verify's answer, with the patient each problem belongs to where this workstation knows. */
export interface AuditFinding {
  scope: AuditScopeChoice
  result: AuditVerifyResult
  finishedAt: string
  /** tid → patient id; null when this workstation holds no copy of the record. */
  patients: Record<string, string | null>
}

export type RestoreOutcome = ChannelResponse<'audit:restore'>['outcomes'][number]
export type ReportFormat = 'html' | 'csv' | 'json'
export type ReportAnswer = ChannelResponse<'audit:report'>

/** Records checked on display at once; the rest wait their turn. */
const BADGE_CONCURRENCY = 2
/** A record shown again within this time is not checked again. */
export const BADGE_RECHECK_MS = 15_000
/** After a check that failed (node starting, cloud away), the next try: 2 s, doubling to 15 s. */
const BADGE_RETRY_FIRST_MS = 2_000
/** Problems whose patient is looked up (`records:get`) after a verify. */
const PATIENT_LOOKUPS = 50

/**
 * A v4 UUID naming a run. `crypto.randomUUID` exists only in secure
 * contexts; browser mode opened over a LAN address is not one.
 */
export function newRunId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** Badges found on display and by audits, and the audit screen's runs. */
export interface AuditSlice {
  /** The newest badge this window knows per tid (from `records:verify` and `audit:verify`). */
  badges: Record<string, Badge>
  /**
   * A record on chain is on screen: check its cloud row against the chain
   * (`records:verify`), at most once per state within {@link BADGE_RECHECK_MS},
   * a few at a time; the badge lands in `badges`.
   */
  checkBadge: (tid: string, state: RecordState) => void
  /**
   * Per tid, how many checks failed in a row. A badge on screen watches it:
   * a failed check is asked again (after 2 s, doubling to 15 s) while it is
   * shown, instead of leaving the badge blank until the page is opened again.
   */
  badgeRetries: Record<string, number>
  auditRun: AuditRun | null
  auditFinding: AuditFinding | null
  auditError: string | null
  /** `audit:verify` with progress; its problems become badges. */
  runAudit: (scope: AuditScopeChoice) => Promise<void>
  /** `audit:restore` of these tids (admins); restored badges are forgotten. Verify again after. */
  restoreRecords: (tids: readonly string[]) => Promise<RestoreOutcome[]>
  /** `audit:report` with progress; answers the files to download. */
  runReport: (scope: AuditScopeChoice, format: ReportFormat) => Promise<ReportAnswer>
  /** Forget badges and audit results (logout, user change). */
  clearAudit: () => void
}

export const createAuditSlice: StateCreator<Store, [], [], AuditSlice> = (set, get) => {
  /** `tid:state` → when it was last asked; a record that moves on is asked again. */
  const asked = new Map<string, number>()
  const waiting: string[] = []
  let inFlight = 0
  /** Bumped by clearAudit: answers to a previous user's questions are dropped. */
  let generation = 0

  const setBadge = (tid: string, badge: Badge) =>
    set((s) => ({ badges: { ...s.badges, [tid]: badge } }))

  function pump(): void {
    const client = get().client
    while (client && inFlight < BADGE_CONCURRENCY && waiting.length > 0) {
      const tid = waiting.shift() as string
      const asOf = generation
      inFlight++
      client
        .call('records:verify', { tid })
        .then((badge) => {
          if (asOf !== generation) return
          if (badge.state !== 'unknown') setBadge(tid, badge)
          if (get().badgeRetries[tid] !== undefined) {
            set((s) => {
              const { [tid]: _done, ...rest } = s.badgeRetries
              return { badgeRetries: rest }
            })
          }
        })
        .catch(() => {
          // The badge stays as it was, and is asked again later while it is on screen.
          for (const key of asked.keys()) if (key.startsWith(`${tid}:`)) asked.delete(key)
          const failures = (get().badgeRetries[tid] ?? 0) + 1
          const delay = Math.min(BADGE_RETRY_FIRST_MS * 2 ** (failures - 1), BADGE_RECHECK_MS)
          setTimeout(() => {
            if (asOf === generation) {
              set((s) => ({ badgeRetries: { ...s.badgeRetries, [tid]: failures } }))
            }
          }, delay)
        })
        .finally(() => {
          inFlight--
          pump()
        })
    }
  }

  /** Follows one run's `audit:progress` events until `stop` is called. */
  function followProgress(runId: string): () => void {
    const client = get().client
    if (!client) return () => undefined
    return client.on('audit:progress', (progress) => {
      const run = get().auditRun
      if (progress.runId !== runId || run?.runId !== runId) return
      set({
        auditRun: { ...run, progress: { anchored: progress.anchored, cloud: progress.cloud } }
      })
    })
  }

  /** Cloud rows in all (for a determinate bar), when the run covers everything. */
  async function totalFor(scope: AuditScopeChoice, runId: string): Promise<void> {
    if (scope.patient || scope.since) return
    try {
      const status = await get().client?.call('cloud:status', {})
      const total = status ? (status.records ?? 0) + (status.rejected ?? 0) : 0
      const run = get().auditRun
      if (run?.runId === runId && total > 0) set({ auditRun: { ...run, total } })
    } catch {
      // Without a total the bar just shows that work goes on.
    }
  }

  /** Which patient each problem's record belongs to, from this workstation's copies. */
  async function patientsOf(tids: readonly string[]): Promise<Record<string, string | null>> {
    const client = get().client
    const patients: Record<string, string | null> = {}
    if (!client) return patients
    for (const tid of tids.slice(0, PATIENT_LOOKUPS)) {
      try {
        patients[tid] = (await client.call('records:get', { tid })).patientId
      } catch {
        patients[tid] = null
      }
    }
    // Their names, for the table (a patient page read once each; the page itself is not kept).
    const ids = new Set(Object.values(patients).filter((id): id is string => id !== null))
    for (const patientId of ids) {
      if (get().known[patientId]) continue
      try {
        const { patient } = await client.call('patients:get', { patientId, limit: 1 })
        set((s) => ({ known: { ...s.known, [patient.id]: patient } }))
      } catch {
        // The table shows the patient's id instead.
      }
    }
    return patients
  }

  function startRun(kind: AuditRun['kind'], scope: AuditScopeChoice): AuditRun {
    const run: AuditRun = { runId: newRunId(), kind, scope, progress: null, total: null }
    set({ auditRun: run, auditError: null })
    void totalFor(scope, run.runId)
    return run
  }

  return {
    badges: {},
    badgeRetries: {},
    checkBadge(tid, state) {
      if (state !== 'anchored' && state !== 'synced') return
      const key = `${tid}:${state}`
      const now = Date.now()
      const last = asked.get(key)
      if (last !== undefined && now - last < BADGE_RECHECK_MS) return
      asked.set(key, now)
      if (!waiting.includes(tid)) waiting.push(tid)
      pump()
    },
    auditRun: null,
    auditFinding: null,
    auditError: null,
    async runAudit(scope) {
      const { client } = get()
      if (!client || get().auditRun) return
      const asOf = generation
      const run = startRun('verify', scope)
      const stop = followProgress(run.runId)
      try {
        const result = await client.call('audit:verify', { ...scope, runId: run.runId })
        const checkedAt = new Date().toISOString()
        const patients = await patientsOf(result.problems.map((p) => p.tid))
        if (asOf !== generation) return
        set((s) => {
          const badges = { ...s.badges }
          const found = new Set(result.problems.map((p) => p.tid))
          // A clinic-wide run looked at every record: an earlier problem not found again is gone.
          if (!scope.patient && !scope.since) {
            for (const [tid, badge] of Object.entries(badges)) {
              if (badge.state === 'problem' && !found.has(tid)) delete badges[tid]
            }
          }
          for (const p of result.problems) {
            badges[p.tid] = { state: 'problem', kind: p.kind, detail: p.detail, checkedAt }
          }
          return {
            badges,
            auditFinding: { scope, result, finishedAt: checkedAt, patients },
            auditRun: null
          }
        })
      } catch (error) {
        if (asOf === generation) set({ auditRun: null, auditError: messageOf(error) })
      } finally {
        stop()
      }
    },
    async restoreRecords(tids) {
      const { client } = get()
      if (!client) throw new Error('MediBlock is not connected yet')
      const request = tids.length > 1000 ? { all: true as const } : { tids: [...tids] }
      const { outcomes } = await client.call('audit:restore', request)
      set((s) => {
        const badges = { ...s.badges }
        for (const outcome of outcomes) {
          if (outcome.action !== 'not-restored') delete badges[outcome.tid]
        }
        return { badges }
      })
      for (const outcome of outcomes) {
        for (const key of asked.keys()) if (key.startsWith(`${outcome.tid}:`)) asked.delete(key)
      }
      return outcomes
    },
    async runReport(scope, format) {
      const { client } = get()
      if (!client) throw new Error('MediBlock is not connected yet')
      if (get().auditRun) throw new Error('An audit is already running.')
      const run = startRun('report', scope)
      const stop = followProgress(run.runId)
      try {
        return await client.call('audit:report', { ...scope, format, runId: run.runId })
      } finally {
        stop()
        if (get().auditRun?.runId === run.runId) set({ auditRun: null })
      }
    },
    clearAudit() {
      generation++
      asked.clear()
      waiting.length = 0
      set({ badges: {}, badgeRetries: {}, auditRun: null, auditFinding: null, auditError: null })
    }
  }
}
