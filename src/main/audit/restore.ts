import { makeError } from '../../shared/errors'
import type { ClinicSession } from '../clinic/clinic-session'
import { requireRole } from '../clinic/clinic-session'
import { anchoredRoot } from '../chain/ledger-artifact'
import { CloudRecordInput, type CloudRecord, type CloudStore } from '../cloud'
import type { App } from '../core/create-app'
import type { LocalStore } from '../store/local-store'
import { cloudRecordRow, rejectedRecordRow, type RowContext } from '../sync/cloud-rows'
import { verifyCloudRecord, type VerifyContext } from '../sync/verify-cloud-record'
import { verifyTargets, withAuditTargets } from './audit-service'
import type { AuditProblem } from './verify-cloud'

/** What a restore did to one record. */
export interface RestoreOutcome {
  readonly tid: string
  readonly kind: AuditProblem['kind']
  readonly action: 'rewritten' | 'removed' | 'moved-to-audit-table' | 'not-restored'
  readonly detail: string
}

/** The cloud row a workstation's copy of a record makes: its own, or one it pulled. */
function localCopy(
  store: LocalStore,
  tid: string,
  context: RowContext
): CloudRecordInput | undefined {
  const own = store.sync.outgoing(tid)
  if (own && own.reason === 0) return cloudRecordRow(own, context)
  const pulled = store.sync.findPulled(tid)
  if (!pulled) return undefined
  const patient = store.patients.find(pulled.patientId)
  if (!patient) return undefined
  const signed = JSON.parse(pulled.chainRecord) as {
    seq: number
    commitment: string
    signature: string
  }
  return {
    tid,
    workstationId: pulled.workstationId,
    patientPseudonym: patient.pseudonym,
    templateId: pulled.templateId,
    templateVersion: pulled.templateVersion,
    clinician: pulled.clinician,
    clinicianSeq: signed.seq,
    supersedes: null,
    commitment: signed.commitment,
    signature: signed.signature,
    chainRecord: pulled.chainRecord,
    chainId: context.chainId,
    ledgerAddress: context.ledgerAddress.toLowerCase(),
    chainBatch: pulled.chainBatch,
    txHash: pulled.txHash,
    blockNumber: pulled.blockNumber,
    leafIndex: pulled.leafIndex,
    proof: JSON.parse(pulled.proof) as string[],
    createdAt: pulled.createdAt,
    anchoredAt: pulled.anchoredAt,
    payload: new Uint8Array(pulled.payload),
    ackStatus: 'valid',
    ackReason: 0
  }
}

/** The copy as the verifier reads a cloud row (it checks copies exactly as it checks rows). */
function asCloudRecord(row: CloudRecordInput): CloudRecord {
  const parsed = CloudRecordInput.parse(row)
  return { ...parsed, payload: Buffer.from(parsed.payload), syncedAt: new Date().toISOString() }
}

/**
 * Repairs the cloud after an audit: a damaged or deleted row is rewritten
 * from this workstation's copy (its own record, or one it pulled), but only
 * after that copy itself verifies against the chain; a row with no place in
 * `records` (forged, replayed from elsewhere, or refused by the ledger) is
 * removed, a refusal going to the audit table. Every action is in the audit
 * log. `tids` limits it to those records; otherwise every problem found.
 */
export async function restoreCloud(
  app: App,
  session: ClinicSession,
  tids?: readonly string[]
): Promise<RestoreOutcome[]> {
  requireRole(session, ['admin'], 'restore the cloud database')
  return withAuditTargets(app, session, undefined, async (targets) => {
    const audit = await verifyTargets(app, session, targets)
    const wanted = tids ? new Set(tids.map((t) => t.toLowerCase())) : undefined
    const problems = audit.problems.filter((p) => !wanted || wanted.has(p.tid))
    for (const tid of wanted ?? []) {
      if (!problems.some((p) => p.tid === tid)) {
        throw makeError(
          `${tid} verifies (or is not in the cloud's records): nothing to restore`,
          'NOT_FOUND'
        )
      }
    }
    const { contract, cloud } = targets
    const { client } = targets.connection
    const context: RowContext = {
      workstationId: app.store.getConfig('workstation.id'),
      chainId: contract.chainId,
      ledgerAddress: contract.address
    }
    const verifyContext: VerifyContext = {
      chainId: contract.chainId,
      ledgerAddress: contract.address,
      domain: client.domain,
      secrets: session.secrets,
      rootOf: (chainBatch) => anchoredRoot(client.ledger, chainBatch)
    }
    const outcomes = await restoreProblems(app.store, cloud, problems, context, verifyContext)
    for (const outcome of outcomes) {
      app.store.auditLog.append({
        actor: session.user.username,
        action: `cloud.${outcome.action}`,
        subject: outcome.tid,
        detail: { kind: outcome.kind, detail: outcome.detail }
      })
    }
    return outcomes
  })
}

/**
 * The repair itself, problem by problem, from the copies in `store` (see
 * {@link restoreCloud}, which finds the problems and logs each outcome).
 */
export async function restoreProblems(
  store: LocalStore,
  cloud: CloudStore,
  problems: readonly AuditProblem[],
  context: RowContext,
  verifyContext: VerifyContext
): Promise<RestoreOutcome[]> {
  const outcomes: RestoreOutcome[] = []
  for (const problem of problems) {
    outcomes.push(await restoreOne(store, problem, context, verifyContext, cloud))
  }
  return outcomes
}

async function restoreOne(
  store: LocalStore,
  problem: AuditProblem,
  context: RowContext,
  verifyContext: VerifyContext,
  cloud: CloudStore
): Promise<RestoreOutcome> {
  const { tid, kind } = problem
  const done = (action: RestoreOutcome['action'], detail: string): RestoreOutcome => ({
    tid,
    kind,
    action,
    detail
  })
  if (kind === 'forged' || kind === 'replayed') {
    // A forgery under a tid the ledger anchors hides a real record: put that back.
    const real = localCopy(store, tid, context)
    if (real && (await verifyCloudRecord(asCloudRecord(real), verifyContext)).ok) {
      await cloud.restoreRecords([real])
      return done('rewritten', 'replaced by this workstation’s copy, which verifies')
    }
    await cloud.removeRecords([tid])
    return done('removed', 'no anchor on this ledger: the row was removed')
  }
  if (kind === 'rejected-stored') {
    await cloud.removeRecords([tid])
    const own = store.sync.outgoing(tid)
    if (own && own.reason !== 0) {
      await cloud.insertRejected([rejectedRecordRow(own, context)])
      return done('moved-to-audit-table', 'refused by the ledger: moved to the audit table')
    }
    return done('removed', 'refused by the ledger: removed from the records')
  }
  const copy = localCopy(store, tid, context)
  if (!copy) return done('not-restored', 'this workstation has no copy; restore from one that has')
  const check = await verifyCloudRecord(asCloudRecord(copy), verifyContext)
  if (!check.ok) {
    return done('not-restored', `this workstation's copy does not verify either (${check.kind})`)
  }
  const result = await cloud.restoreRecords([copy])
  const rewritten = (result.replaced?.length ?? 0) + result.inserted.length
  return rewritten > 0
    ? done('rewritten', 'rewritten from a copy that verifies against the chain')
    : done('not-restored', 'the cloud already holds the verified copy')
}
