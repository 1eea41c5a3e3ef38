import { z } from 'zod'
import { PatientId, Tid } from './common'

/**
 * Where a record is in its life: `queued` (signed, waiting for the ledger:
 * offline), `submitted` (sent in a batch, not mined yet), `anchored` (on
 * chain, accepted), `rejected` (the ledger refused it: see `rejection`),
 * `synced` (on chain and in the cloud database).
 */
export const RecordState = z.enum(['queued', 'submitted', 'anchored', 'rejected', 'synced'])
export type RecordState = z.infer<typeof RecordState>

/** One attribute value, as entered (numbers as numbers, codes as their code). */
export const AttributeValue = z.union([z.number(), z.string().max(10_000), z.boolean()])

/** Why the ledger refused a record: its reason code, and the rule that failed in words. */
export const Rejection = z.object({
  code: z.int().nonnegative(),
  /** Stable name: `RULE_FAILED_0`, `UNKNOWN_CLINICIAN`, … */
  name: z.string(),
  /** In words, naming the attribute and the rule: `Heart rate (heartRate) must be between 20 and 250 /min`. */
  explanation: z.string(),
  /** The template attribute whose rule failed; null for a reason about the record as a whole. */
  attribute: z.string().nullable()
})
export type Rejection = z.infer<typeof Rejection>

/**
 * A record's verification badge: `unknown` until checked; `verified` (the
 * cloud row and the chain agree); `problem` (with the audit's kind:
 * modified, deleted, forged, …); `pending` (nothing to verify yet, or ever:
 * not on chain yet, on chain but not in the cloud yet, or refused by the
 * ledger; `detail` says which).
 */
export const Badge = z.discriminatedUnion('state', [
  z.object({ state: z.literal('unknown') }),
  z.object({ state: z.literal('verified'), checkedAt: z.string() }),
  z.object({
    state: z.literal('problem'),
    kind: z.string(),
    detail: z.string(),
    checkedAt: z.string()
  }),
  z.object({ state: z.literal('pending'), detail: z.string(), checkedAt: z.string() })
])
export type Badge = z.infer<typeof Badge>

/** The template a record was signed under (the exact version). */
export const TemplateRef = z.object({
  id: z.int(),
  version: z.int(),
  slug: z.string(),
  title: z.string()
})

/** One record on a patient's timeline, decrypted in the core. */
export const TimelineItem = z.object({
  tid: Tid,
  patientId: PatientId,
  template: TemplateRef,
  author: z.object({ username: z.string(), displayName: z.string().nullable() }),
  /** When the clinician signed it. */
  signedAt: z.string(),
  anchoredAt: z.string().nullable(),
  syncedAt: z.string().nullable(),
  state: RecordState,
  rejection: Rejection.nullable(),
  /** The record this one corrects; corrections are new records, never edits. */
  supersedes: Tid.nullable(),
  /** The newest record that corrects this one, if any. */
  supersededBy: Tid.nullable(),
  /** Another workstation's id for a record pulled from the cloud (verified); null for this one's. */
  workstation: z.string().nullable(),
  attributes: z.record(z.string(), AttributeValue),
  badge: Badge
})
export type TimelineItem = z.infer<typeof TimelineItem>

/** A page of a timeline, newest first; `nextCursor` fetches the older ones. */
export const TimelinePage = z.object({
  items: z.array(TimelineItem),
  nextCursor: z.string().nullable()
})
export type TimelinePage = z.infer<typeof TimelinePage>

/** `records:list`: a patient's records, newest first, a page at a time. */
export const RecordsListRequest = z
  .object({
    patientId: PatientId,
    limit: z.int().min(1).max(500).default(100),
    /** The `nextCursor` of the previous page. */
    before: z.string().max(200).optional()
  })
  .strict()

/** `records:add`: a clinician enters a record from a template. */
export const RecordsAddRequest = z
  .object({
    patientId: PatientId,
    /** `vital-signs`, or a pinned version `vital-signs@2`. */
    template: z.string().min(1).max(80),
    attributes: z.record(z.string().max(64), AttributeValue),
    /** The record this one corrects (same patient). */
    supersedes: Tid.optional()
  })
  .strict()

/** The record is signed and queued; its ACK arrives as `record:changed`. */
export const RecordsAddResult = z.object({
  tid: Tid,
  state: RecordState,
  template: TemplateRef
})
export type RecordsAddResult = z.infer<typeof RecordsAddResult>

export const TidRequest = z.object({ tid: Tid }).strict()

/** `records:series`: numeric attributes of one template over time, for charts. */
export const RecordsSeriesRequest = z
  .object({
    patientId: PatientId,
    /** A template slug (every version of it counts). */
    template: z.string().min(1).max(80),
    attributes: z.array(z.string().min(1).max(64)).min(1).max(12)
  })
  .strict()

export const Series = z.object({
  attribute: z.string(),
  label: z.string(),
  unit: z.string().nullable(),
  /** The range the ledger accepts (the latest template version's rule); null when it checks none. */
  range: z.object({ min: z.number(), max: z.number() }).nullable(),
  /** The usual range the latest version names, shaded on the chart; null when it names none. */
  usual: z.object({ low: z.number(), high: z.number(), source: z.string() }).nullable(),
  /** Oldest first; only accepted records (on chain or synced) and those still on their way. */
  points: z.array(z.object({ tid: Tid, time: z.string(), value: z.number(), state: RecordState }))
})

export const RecordsSeriesResult = z.object({
  template: z.object({ slug: z.string(), title: z.string() }),
  series: z.array(Series)
})
export type RecordsSeriesResult = z.infer<typeof RecordsSeriesResult>

/** `record:changed`: a record's state moved (ACK written, synced, or refused). */
export const RecordChanged = z.object({
  tid: Tid,
  patientId: PatientId,
  state: RecordState,
  rejection: Rejection.nullable(),
  at: z.string()
})
export type RecordChanged = z.infer<typeof RecordChanged>
