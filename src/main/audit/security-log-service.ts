import { isError, makeError } from '../../shared/errors'
import { requireRole, type ClinicSession } from '../clinic/clinic-session'
import { connectLedger, type LedgerConnection } from '../clinic/ledger-connection'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import { anchorDecision, type AnchorPolicy } from './anchor-policy'
import type { AuditEntry } from './audit-log'
import {
  anchorLogHead,
  anchorLogIfDue,
  logAnchorsOnChain,
  logState,
  settleLogAnchors,
  type AnchorAttempt
} from './log-anchoring'
import type { StoredLogAnchor } from './log-anchors-repo'
import { checkSecurityLog, type SecurityLogCheck } from './verify-security-log'

const AUDIT_ROLES = ['admin', 'auditor'] as const

/**
 * The newest `limit` entries of the security log, oldest first: for admins
 * and auditors, and itself a security event (who read the log).
 */
export function listSecurityLog(app: App, session: ClinicSession, limit = 100): AuditEntry[] {
  requireRole(session, AUDIT_ROLES, 'read the security log')
  const entries = app.store.auditLog.recent(limit).reverse()
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'audit.log-viewed',
    detail: { entries: entries.length }
  })
  return entries
}

/** `audit log --verify`: the local chain, and the ledger's anchors, with who checked. */
export interface SecurityLogVerification extends SecurityLogCheck {
  /** The handshaker whose anchors were read, and up to which block. */
  readonly anchoredBy: string
  readonly checkedToBlock: number
}

/** Says which side could not be reached: an audit that cannot run must say why (exit 2). */
function nodeUnreachable(error: unknown): never {
  if (isError(error, 'UNAVAILABLE') || isError(error, 'NOT_CONFIGURED')) {
    throw makeError(
      `the Ethereum node cannot be used: ${(error as Error).message}`,
      'UNAVAILABLE',
      {},
      error
    )
  }
  throw error
}

/**
 * Checks the security log against itself and against the heads this
 * workstation's handshaker anchored on the ledger (read from the chain's
 * events, never from the local store); see {@link checkSecurityLog}. The
 * check goes in the log (after it is made, so it never checks itself).
 */
export async function verifySecurityLog(
  app: App,
  session: ClinicSession
): Promise<SecurityLogVerification> {
  requireRole(session, AUDIT_ROLES, 'verify the security log')
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  const { deployBlock } = ledger.contract
  const connection = await connectLedger(app, session.secrets).catch(nodeUnreachable)
  let result: SecurityLogVerification
  try {
    const by = session.secrets.handshakerAddress
    const toBlock = await connection.client.provider.getBlockNumber()
    const anchors = await logAnchorsOnChain(connection.client, by, deployBlock, toBlock)
    result = {
      ...checkSecurityLog(app.store.auditLog.entries(), anchors),
      anchoredBy: by,
      checkedToBlock: toBlock
    }
  } finally {
    await connection.close()
  }
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'audit.log-verified',
    detail: {
      ok: result.ok,
      entries: result.entries,
      anchoredThrough: result.anchoredThrough,
      broken: result.broken.length,
      anchors: result.anchors.length
    }
  })
  return result
}

/**
 * `audit anchor`: anchors the head now, whatever the policy says, and waits
 * for the receipt (up to 60 s). Needs the node: `UNAVAILABLE` otherwise.
 */
export async function anchorSecurityLogNow(
  app: App,
  session: ClinicSession
): Promise<{ anchor: StoredLogAnchor | null; entries: number }> {
  requireRole(session, AUDIT_ROLES, 'anchor the security log')
  const connection = await connectLedger(app, session.secrets).catch(nodeUnreachable)
  try {
    const context = { store: app.store, client: connection.client, log: app.log }
    await settleLogAnchors(context)
    const anchor = await anchorLogHead(context, { waitMs: 60_000 })
    return { anchor, entries: app.store.auditLog.head()?.seq ?? 0 }
  } finally {
    await connection.close()
  }
}

/** The anchoring policy and where the log stands against it. */
export function anchoringState(app: App, now: Date = new Date()) {
  const policy = app.store.getConfig('auditLog.anchoring')
  const state = logState(app.store)
  const latest = app.store.auditLog.anchors.latest()
  return {
    policy,
    ...state,
    lastAnchor: latest
      ? {
          entries: latest.entries,
          head: latest.head,
          txHash: latest.txHash,
          state: latest.state,
          blockNumber: latest.blockNumber,
          at: latest.createdAt
        }
      : null,
    decision: anchorDecision(policy, state, now)
  }
}

/** An admin changes the anchoring policy; the change is a security event. */
export function setAnchorPolicy(
  app: App,
  admin: ClinicSession,
  change: Partial<AnchorPolicy>
): AnchorPolicy {
  requireRole(admin, ['admin'], 'change the anchoring policy')
  const before = app.store.getConfig('auditLog.anchoring')
  const after = { ...before, ...change }
  app.store.setConfig('auditLog.anchoring', after)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'audit.anchoring-changed',
    detail: { before, after }
  })
  return app.store.getConfig('auditLog.anchoring')
}

/**
 * After a sync: anchors the head if it is due, connecting to the ledger only
 * then (on the bundled node that means starting it). Never throws.
 */
export async function anchorLogAfterSync(
  app: App,
  secrets: DeviceSecrets,
  connection?: LedgerConnection
): Promise<AnchorAttempt> {
  const policy = app.store.getConfig('auditLog.anchoring')
  const decision = anchorDecision(policy, logState(app.store), new Date())
  if (!decision.due) return { anchor: null, why: decision.why }
  let own: LedgerConnection | undefined
  try {
    const live = connection ?? (own = await connectLedger(app, secrets))
    return await anchorLogIfDue({ store: app.store, client: live.client, log: app.log }, policy)
  } catch (error) {
    app.log.warn({ err: error }, 'security log not anchored after sync')
    return { anchor: null, why: `not anchored: ${(error as Error).message}` }
  } finally {
    await own?.close().catch(() => undefined)
  }
}
