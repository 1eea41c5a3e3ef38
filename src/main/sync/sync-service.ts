import { makeError } from '../../shared/errors'
import { anchorLogAfterSync } from '../audit/security-log-service'
import type { ClinicSession } from '../clinic/clinic-session'
import { anchoredRoot } from '../chain/ledger-artifact'
import { connectLedger, type LedgerConnection } from '../clinic/ledger-connection'
import { openConfiguredCloud, type CloudStore, type RecordConflict } from '../cloud'
import type { App } from '../core/create-app'
import { retryAt } from './backoff'
import { pullFromCloud } from './pull'
import { pushOutbox, PUSH_BATCH } from './push'
import type { VerifyContext } from './verify-cloud-record'

/** Where sync stands, for `mediblock sync`, `mediblock status` and the status bar. */
export interface SyncReport {
  readonly pushed: number
  readonly unchanged: number
  readonly rejections: number
  readonly conflicts: readonly RecordConflict[]
  readonly imported: number
  readonly problems: number
  readonly outbox: { waiting: number; failing: number; nextAttemptAt: string | null }
  readonly lastPushAt: string | null
  readonly lastPullAt: string | null
  readonly lastError: string | null
}

/** The state of sync without running it. */
export function syncState(
  app: App
): Omit<SyncReport, 'pushed' | 'unchanged' | 'rejections' | 'conflicts' | 'imported' | 'problems'> {
  const state = app.store.getConfig('sync')
  return {
    outbox: app.store.sync.outboxState(),
    lastPushAt: state.lastPushAt,
    lastPullAt: state.lastPullAt,
    lastError: state.lastError
  }
}

function noteError(app: App, error: unknown): void {
  app.store.setConfig('sync', {
    ...app.store.getConfig('sync'),
    lastError: (error as Error).message,
    lastErrorAt: new Date().toISOString()
  })
}

/**
 * One round of sync: push the outbox (acknowledged records, then refusals
 * to the audit table), then pull what other workstations wrote, verifying
 * each record against the chain before it is kept. When the cloud cannot be
 * reached the outbox keeps everything (with backoff), the error is noted
 * for the status, and thrown.
 */
export async function syncOnce(app: App, session: ClinicSession): Promise<SyncReport> {
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  const { contract } = ledger
  const workstationId = app.store.getConfig('workstation.id')
  let cloud: CloudStore | undefined
  let connection: LedgerConnection | undefined
  try {
    cloud = await openConfiguredCloud({
      store: app.store,
      paths: app.paths,
      secrets: session.keys.secrets.store,
      ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
    })
    try {
      await cloud.check()
    } catch (error) {
      // Not reached at all: the records due now wait, with backoff, as if sent and refused.
      const at = new Date()
      app.store.sync.deferCloud(
        app.store.sync.dueForCloud(PUSH_BATCH, at).map((r) => r.tid),
        (error as Error).message,
        (attempts) => retryAt(attempts, at)
      )
      throw error
    }
    const push = await pushOutbox(app, cloud, {
      workstationId,
      chainId: contract.chainId,
      ledgerAddress: contract.address
    })
    app.store.setConfig('sync', {
      ...app.store.getConfig('sync'),
      lastPushAt: new Date().toISOString()
    })
    const roots = new Map<number, string | null>()
    const pull = await pullFromCloud(app, cloud, {
      workstationId,
      userId: session.user.id,
      secrets: session.secrets,
      verify: async (): Promise<Omit<VerifyContext, 'secrets'>> => {
        connection ??= await connectLedger(app, session.secrets)
        const { client } = connection
        return {
          chainId: contract.chainId,
          ledgerAddress: contract.address,
          domain: client.domain,
          rootOf: async (chainBatch) => {
            if (!roots.has(chainBatch)) {
              roots.set(chainBatch, await anchoredRoot(client.ledger, chainBatch))
            }
            return roots.get(chainBatch) ?? null
          }
        }
      }
    })
    app.store.setConfig('sync', {
      ...app.store.getConfig('sync'),
      lastPullAt: new Date().toISOString(),
      lastError: null,
      lastErrorAt: null
    })
    // Opportunistic, and never failing the sync: see anchorLogAfterSync.
    await anchorLogAfterSync(app, session.secrets, connection)
    return { ...push, ...pull, ...syncState(app) }
  } catch (error) {
    noteError(app, error)
    throw error
  } finally {
    await connection?.close()
    await cloud?.close()
  }
}
