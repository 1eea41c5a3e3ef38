import { makeError } from '../../shared/errors'
import type {
  Badge,
  RecordsSeriesResult,
  TimelineItem,
  TimelinePage
} from '../../shared/ipc/schemas'
import type { TemplateDefinition } from '../../shared/templates'
import type { App } from '../core/create-app'
import type { RecordDocument } from '../handshaker/transaction-generator'
import type { DeviceSecrets } from '../keys/device-secrets'
import type { TimelineRow } from '../store/queue-repo'
import { rejectionOf } from './record-outcome'
import { findTemplate } from './templates-service'

/** Reads each template version once per call: a page of records names few of them. */
export function templateCache(
  app: App
): (id: number, version: number) => TemplateDefinition | undefined {
  const cache = new Map<string, TemplateDefinition | undefined>()
  return (id, version) => {
    const key = `${id}@${version}`
    if (!cache.has(key)) cache.set(key, app.store.templates.find(id, version)?.definition)
    return cache.get(key)
  }
}

/** A page cursor: the last item's creation time and tid. */
export function encodeCursor(row: { createdAt: string; tid: string }): string {
  return `${row.createdAt}|${row.tid}`
}

function decodeCursor(cursor: string): { createdAt: string; tid: string } {
  const [createdAt, tid, extra] = cursor.split('|')
  if (!createdAt || !tid || extra !== undefined || !/^0x[0-9a-f]{32}$/.test(tid)) {
    throw makeError('not a timeline cursor', 'INVALID_ARGUMENT')
  }
  return { createdAt, tid }
}

/** Decrypts what a record says (T_I); `undefined` when it does not open (never expected). */
function openDocument(
  app: App,
  secrets: Pick<DeviceSecrets, 'decryptPhi'>,
  row: TimelineRow
): RecordDocument | undefined {
  try {
    return JSON.parse(secrets.decryptPhi(row.payload, row.tid).toString('utf8')) as RecordDocument
  } catch (error) {
    app.log.error({ err: error, tid: row.tid }, 'a stored record does not decrypt')
    return undefined
  }
}

/** Turns stored rows into timeline items: decrypted, with template, outcome and badge. */
export function timelineItems(
  app: App,
  secrets: Pick<DeviceSecrets, 'decryptPhi'>,
  rows: readonly TimelineRow[],
  badges: ReadonlyMap<string, Badge>
): TimelineItem[] {
  const templateOf = templateCache(app)
  const corrections = app.store.queue.correctionsOf(rows.map((r) => r.tid))
  return rows.map((row) => {
    const template = templateOf(row.templateId, row.templateVersion)
    const document = openDocument(app, secrets, row)
    return {
      tid: row.tid,
      patientId: row.patientId,
      template: {
        id: row.templateId,
        version: row.templateVersion,
        slug: template?.slug ?? `template-${row.templateId}`,
        title: template?.title ?? `Template ${row.templateId} version ${row.templateVersion}`
      },
      author: { username: row.author, displayName: row.authorName },
      signedAt: document?.time ?? row.createdAt,
      anchoredAt: row.anchoredAt,
      syncedAt: row.syncedAt,
      state: row.state,
      rejection: rejectionOf(row, template),
      supersedes: document?.supersedes ?? null,
      supersededBy: corrections.get(row.tid) ?? null,
      workstation: row.workstationId,
      attributes: { ...(document?.attributes ?? {}) },
      badge: badges.get(row.tid) ?? { state: 'unknown' }
    }
  })
}

/**
 * A page of a patient's timeline, newest first: this workstation's records
 * and those pulled (verified) from others, decrypted in the core.
 */
export function timelinePage(
  app: App,
  secrets: Pick<DeviceSecrets, 'decryptPhi'>,
  badges: ReadonlyMap<string, Badge>,
  request: { patientId: string; limit: number; before?: string | undefined }
): TimelinePage {
  const before = request.before === undefined ? undefined : decodeCursor(request.before)
  // One row more than asked says whether an older page exists.
  const rows = app.store.queue.timeline(request.patientId, request.limit + 1, before)
  const page = rows.slice(0, request.limit)
  const last = page.at(-1)
  return {
    items: timelineItems(app, secrets, page, badges),
    nextCursor: rows.length > request.limit && last ? encodeCursor(last) : null
  }
}

/** One record by tid, decrypted; `NOT_FOUND` when this workstation has no such record. */
export function timelineItem(
  app: App,
  secrets: Pick<DeviceSecrets, 'decryptPhi'>,
  badges: ReadonlyMap<string, Badge>,
  tid: string
): TimelineItem {
  const row = app.store.queue.timelineRow(tid)
  if (!row) throw makeError(`no record ${tid}`, 'NOT_FOUND')
  const [item] = timelineItems(app, secrets, [row], badges)
  if (!item) throw makeError(`no record ${tid}`, 'NOT_FOUND')
  return item
}

/**
 * Numeric attributes of one template over a patient's records, oldest
 * first, for charts: every version of the template counts, refused records
 * do not (they were never valid). Labels, units, the accepted range and the
 * usual range come from the latest version.
 */
export function recordSeries(
  app: App,
  secrets: Pick<DeviceSecrets, 'decryptPhi'>,
  request: { patientId: string; template: string; attributes: readonly string[] }
): RecordsSeriesResult {
  const template = findTemplate(app, request.template.split('@')[0] ?? '')
  const attributes = request.attributes.map((key) => {
    const attribute = template.attributes.find((a) => a.key === key)
    if (!attribute) {
      throw makeError(`${template.slug} has no attribute ${key}`, 'INVALID_ARGUMENT')
    }
    if (attribute.type !== 'quantity' && attribute.type !== 'integer') {
      throw makeError(`${attribute.label} (${key}) is not a number`, 'INVALID_ARGUMENT')
    }
    return attribute
  })
  const rows = app.store.queue
    .timelineOfTemplate(request.patientId, template.id)
    .filter((row) => row.state !== 'rejected')
  const documents = rows.map((row) => ({ row, document: openDocument(app, secrets, row) }))
  return {
    template: { slug: template.slug, title: template.title },
    series: attributes.map((attribute) => ({
      attribute: attribute.key,
      label: attribute.label,
      unit: attribute.unit ?? null,
      range:
        attribute.onChain?.kind === 'range'
          ? { min: attribute.onChain.min, max: attribute.onChain.max }
          : null,
      usual: attribute.usualRange ? { ...attribute.usualRange } : null,
      points: documents.flatMap(({ row, document }) => {
        const value = document?.attributes[attribute.key]
        return typeof value === 'number'
          ? [{ tid: row.tid, time: document?.time ?? row.createdAt, value, state: row.state }]
          : []
      })
    }))
  }
}
