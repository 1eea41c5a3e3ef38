import { makeError } from '../../shared/errors'
import type { Badge } from '../../shared/ipc/schemas'
import { openConfiguredCloud, type CloudRecord } from '../cloud'
import type { App } from '../core/create-app'
import { verifyCloudRecord, type VerifyContext } from '../sync/verify-cloud-record'
import { runtimeOf } from '../workstation/runtime'
import type { ClinicSession } from './clinic-session'
import { connectLedger } from './ledger-connection'
import { anchoredRoot } from '../chain/ledger-artifact'

/** What this workstation knows of a record before asking the cloud and the chain. */
type LocalState = 'queued' | 'submitted' | 'anchored' | 'rejected' | 'synced' | 'pulled'

function localState(app: App, tid: string): LocalState {
  const own = app.store.records.find(tid)
  if (own) return own.state
  if (app.store.sync.findPulled(tid)) return 'pulled'
  throw makeError(`no record ${tid}`, 'NOT_FOUND')
}

/**
 * A record's verification badge: its cloud row checked against the chain
 * exactly as an audit checks one (columns, commitment, patient, signature,
 * Merkle proof against the root the ledger holds), for one record. A record
 * not on chain yet, or not in the cloud yet, is `pending`; a refused one is
 * `pending` for good, unless the cloud holds it as accepted (a problem).
 * `UNAVAILABLE` when the cloud or the node cannot be reached.
 */
export async function verifyRecordBadge(
  app: App,
  session: ClinicSession,
  tid: string,
  now: Date = new Date()
): Promise<Badge> {
  const badge = await findBadge(app, session, tid, now)
  // The timeline shows it from now on.
  runtimeOf(app).badges.set(tid, badge)
  return badge
}

async function findBadge(app: App, session: ClinicSession, tid: string, now: Date): Promise<Badge> {
  const state = localState(app, tid)
  const checkedAt = now.toISOString()
  const pending = (detail: string): Badge => ({ state: 'pending', detail, checkedAt })
  if (state === 'queued' || state === 'submitted') {
    return pending('not on chain yet: waiting for the ledger')
  }
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  const { contract } = ledger
  let row: CloudRecord | undefined
  const cloud = await openConfiguredCloud({
    store: app.store,
    paths: app.paths,
    secrets: session.keys.secrets.store,
    ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
  })
  try {
    row = await cloud.get(tid)
  } finally {
    await cloud.close()
  }
  if (state === 'rejected') {
    return row
      ? {
          state: 'problem',
          kind: 'rejected-stored',
          detail: 'the ledger refused this record, but the cloud holds it as accepted',
          checkedAt
        }
      : pending('refused by the ledger: never valid, nothing to verify')
  }
  if (!row) {
    return state === 'anchored'
      ? pending('on chain; not in the cloud database yet')
      : {
          state: 'problem',
          kind: 'deleted',
          detail: 'the cloud database has no row for it',
          checkedAt
        }
  }
  const connection = await connectLedger(app, session.secrets)
  try {
    const { client } = connection
    const context: VerifyContext = {
      chainId: contract.chainId,
      ledgerAddress: contract.address,
      domain: client.domain,
      secrets: session.secrets,
      rootOf: (chainBatch) => anchoredRoot(client.ledger, chainBatch)
    }
    const check = await verifyCloudRecord(row, context)
    return check.ok
      ? { state: 'verified', checkedAt }
      : { state: 'problem', kind: check.kind, detail: check.detail, checkedAt }
  } finally {
    await connection.close()
  }
}
