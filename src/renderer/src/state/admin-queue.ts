import type { StateCreator } from 'zustand'
import type { AuditLogVerification, QueueList } from '../../../shared/ipc/schemas'
import type { ChannelResponse } from '../../../shared/ipc/channels'
import { clientOf, NOT_LOADED, refreshInto, type Loadable } from './admin-load'
import type { Store } from './store'

export type SecurityLogEntry = ChannelResponse<'audit:log'>['entries'][number]

/** The offline queue and the security log. */
export interface AdminQueueSlice {
  queue: Loadable<QueueList>
  loadQueue: () => Promise<void>
  /** `queue:retry` of every waiting record, or of `tids`; the list is read again. */
  retryQueue: (tids?: string[]) => Promise<ChannelResponse<'queue:retry'>>
  /** Newest first; `nextBefore` pages to older entries, null when there are none. */
  securityLog: Loadable<{ entries: SecurityLogEntry[]; nextBefore: number | null }>
  /** Reads the newest page again. */
  loadSecurityLog: () => Promise<void>
  /** Appends the next older page. */
  loadOlderSecurityLog: () => Promise<void>
  /** The last check of the log's hash chain and its anchors on the ledger. */
  securityLogCheck: Loadable<AuditLogVerification>
  /** `audit:verify-log`, then the newest page again (the check is itself an entry). */
  verifySecurityLog: () => Promise<void>
}

/** Entries a page of the security log holds. */
export const LOG_PAGE = 50

export const createAdminQueueSlice: StateCreator<Store, [], [], AdminQueueSlice> = (set, get) => ({
  queue: NOT_LOADED,
  loadQueue() {
    return refreshInto(set, get, 'queue', (client) => client.call('queue:list', {}))
  },
  async retryQueue(tids) {
    const result = await clientOf(get).call('queue:retry', tids ? { tids } : {})
    await get().loadQueue()
    return result
  },
  securityLog: NOT_LOADED,
  loadSecurityLog() {
    return refreshInto(set, get, 'securityLog', (client) =>
      client.call('audit:log', { limit: LOG_PAGE })
    )
  },
  loadOlderSecurityLog() {
    const shown = get().securityLog.value
    if (!shown?.nextBefore) return Promise.resolve()
    const before = shown.nextBefore
    return refreshInto(set, get, 'securityLog', async (client) => {
      const page = await client.call('audit:log', { limit: LOG_PAGE, before })
      return { entries: [...shown.entries, ...page.entries], nextBefore: page.nextBefore }
    })
  },
  securityLogCheck: NOT_LOADED,
  async verifySecurityLog() {
    await refreshInto(set, get, 'securityLogCheck', (client) => client.call('audit:verify-log', {}))
    await get().loadSecurityLog()
  }
})
