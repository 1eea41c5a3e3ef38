import { isError, makeError } from '../../shared/errors'
import { requireRole, type ClinicSession } from '../clinic/clinic-session'
import { connectLedger, type LedgerConnection } from '../clinic/ledger-connection'
import { openConfiguredCloud, type CloudCheck, type CloudStore } from '../cloud'
import type { App } from '../core/create-app'
import {
  verifyCloud,
  verifyCloudDetailed,
  type AuditOptions,
  type AuditResult,
  type DetailedAudit
} from './verify-cloud'

export interface RunVerifyOptions {
  /** A patient's id or MRN. */
  readonly patient?: string
  readonly since?: Date
  readonly onProgress?: (progress: { anchored: number; cloud: number }) => void
}

/** Says which side could not be reached: an audit that cannot run must say why (exit 2). */
function unreachable(side: string, error: unknown): never {
  if (
    isError(error, 'UNAVAILABLE') ||
    isError(error, 'UNAUTHENTICATED') ||
    isError(error, 'NOT_FOUND')
  ) {
    throw makeError(`${side}: ${(error as Error).message}`, 'UNAVAILABLE', {}, error)
  }
  throw error
}

/** What an audit runs against: the cloud store and the ledger, both checked reachable. */
export interface AuditTargets {
  readonly cloud: CloudStore
  /** What the cloud said when checked: engine, where, schema, database id. */
  readonly cloudCheck: CloudCheck
  readonly connection: LedgerConnection
  readonly contract: {
    readonly address: string
    readonly chainId: number
    readonly deployBlock: number
  }
  /** The patient the audit is limited to (their id), if any. */
  readonly patientId: string | undefined
}

/** A patient's id from their id or MRN (the MRN is PHI: found by decrypting). */
function resolvePatient(app: App, session: ClinicSession, patient: string): string {
  const row = app.store.patients.find(patient)
  const id =
    row?.id ??
    app.store.patients.list().find((p) => {
      const details = JSON.parse(session.secrets.decryptPhi(p.phi, p.id).toString('utf8')) as {
        mrn?: string
      }
      return details.mrn === patient
    })?.id
  if (!id) throw makeError(`no patient ${patient}`, 'NOT_FOUND')
  return id
}

/**
 * Opens what an audit runs against, for an admin or an auditor: the cloud
 * database (checked) and the ledger; `UNAVAILABLE` naming the side that
 * cannot be reached. Both are closed after `body`.
 */
export async function withAuditTargets<T>(
  app: App,
  session: ClinicSession,
  patient: string | undefined,
  body: (targets: AuditTargets) => Promise<T>
): Promise<T> {
  requireRole(session, ['admin', 'auditor'], 'run audits')
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  const contract = ledger.contract
  const patientId = patient ? resolvePatient(app, session, patient) : undefined
  const cloud = await openConfiguredCloud({
    store: app.store,
    paths: app.paths,
    secrets: session.keys.secrets.store,
    ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
  }).catch((error: unknown) => unreachable('the cloud database cannot be used', error))
  try {
    const cloudCheck = await cloud
      .check()
      .catch((error: unknown) => unreachable('the cloud database cannot be used', error))
    const connection = await connectLedger(app, session.secrets).catch((error: unknown) =>
      unreachable('the Ethereum node cannot be used', error)
    )
    try {
      return await body({ cloud, cloudCheck, connection, contract, patientId })
    } finally {
      await connection.close()
    }
  } finally {
    await cloud.close()
  }
}

/**
 * `mediblock verify`: the cloud database checked against the chain (see
 * {@link verifyCloud}), by an admin or an auditor, whose login unlocks the
 * clinic's data key. Each run goes in the audit log with its counts.
 */
export async function runVerify(
  app: App,
  session: ClinicSession,
  options: RunVerifyOptions = {}
): Promise<AuditResult> {
  return withAuditTargets(app, session, options.patient, (targets) =>
    verifyTargets(app, session, targets, options)
  )
}

/**
 * What {@link verifyCloud} and {@link verifyCloudDetailed} are given for
 * targets already open: the chain scanned from the ledger's deploy block
 * (to `toBlock`, the latest when unset), the patient and time limits.
 */
export function auditOptionsFor(
  session: ClinicSession,
  targets: AuditTargets,
  options: Omit<RunVerifyOptions, 'patient'> & { readonly toBlock?: number } = {}
): AuditOptions {
  const { client } = targets.connection
  const { contract, patientId } = targets
  return {
    scan: {
      provider: client.provider,
      ledger: client.ledger,
      domain: client.domain,
      fromBlock: contract.deployBlock,
      ...(options.toBlock !== undefined ? { toBlock: options.toBlock } : {})
    },
    cloud: targets.cloud,
    secrets: session.secrets,
    chainId: contract.chainId,
    ledgerAddress: contract.address,
    ...(patientId ? { patientId } : {}),
    ...(options.since ? { since: options.since } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {})
  }
}

/** {@link runVerify} on targets already open (a restore verifies, then repairs, through them). */
export async function verifyTargets(
  app: App,
  session: ClinicSession,
  targets: AuditTargets,
  options: Omit<RunVerifyOptions, 'patient'> = {}
): Promise<AuditResult> {
  const result = explainInTransit(
    app,
    await verifyCloud(auditOptionsFor(session, targets, options))
  )
  logVerify(app, session, targets, result)
  return result
}

/** {@link verifyTargets} with each problem's evidence and the batches in scope (the audit screen). */
export async function verifyTargetsDetailed(
  app: App,
  session: ClinicSession,
  targets: AuditTargets,
  options: Omit<RunVerifyOptions, 'patient'> = {}
): Promise<DetailedAudit> {
  const detailed = await verifyCloudDetailed(auditOptionsFor(session, targets, options))
  const result = explainInTransit(app, detailed.result)
  logVerify(app, session, targets, result)
  return { ...detailed, result }
}

/** Every verify goes in the audit log with its counts. */
function logVerify(app: App, session: ClinicSession, targets: AuditTargets, result: AuditResult) {
  app.store.auditLog.append({
    actor: session.user.username,
    action: 'audit.verified',
    subject: targets.patientId ?? null,
    detail: {
      checked: result.checked,
      verified: result.verified,
      problems: result.problems.length
    }
  })
}

/**
 * A record anchored on the ledger and missing from the cloud is `deleted`
 * whoever asks: the check trusts no workstation's copy. When it waits in
 * this workstation's outbox (anchored moments ago, or pushes are failing),
 * its detail says so, so that a person does not take a record on its way
 * for one removed behind the app's back.
 */
export function explainInTransit(app: App, result: AuditResult): AuditResult {
  const deleted = result.problems.filter((p) => p.kind === 'deleted').map((p) => p.tid)
  const waiting = app.store.records.waitingForCloud(deleted)
  if (waiting.size === 0) return result
  return {
    ...result,
    problems: result.problems.map((problem) =>
      problem.kind === 'deleted' && waiting.has(problem.tid)
        ? {
            ...problem,
            detail:
              `${problem.detail}; it waits in this workstation's outbox, not synced yet: ` +
              'run `mediblock sync` (or let the app sync) and verify again'
          }
        : problem
    )
  }
}
