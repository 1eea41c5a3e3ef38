import { makeError } from '../../shared/errors'
import { CLINICAL_ROLES } from '../../shared/roles'
import { reasonName } from '../../shared/rules'
import { explainReason, templateHash } from '../../shared/templates'
import type { App } from '../core/create-app'
import { anchorLogIfDue, settleLogAnchors } from '../audit/log-anchoring'
import { checkAttributes } from '../handshaker/attributes'
import { crashPoint } from '../handshaker/crash-point'
import { generateRecord } from '../handshaker/transaction-generator'
import { TransactionValidator } from '../handshaker/transaction-validator'
import { ledgerDomain } from '../chain/record-encoding'
import { ledgerAt } from '../chain/ledger-artifact'
import { JsonRpcProvider, Network } from 'ethers'
import type { StoredRecord } from '../store/records-repo'
import type { PulledRecord } from '../store/sync-repo'
import { requireRole, type ClinicSession } from './clinic-session'
import { connectLedger } from './ledger-connection'
import { showPatient } from './patients-service'
import { findTemplate, templateVersion } from './templates-service'

/** A record as the CLI and screens show it: state, and the reason in words. */
export interface RecordView {
  readonly tid: string
  readonly patientId: string
  readonly template: string
  readonly state: StoredRecord['state']
  readonly reason: number | null
  readonly reasonName: string | null
  /** The outcome in words, naming the rule that failed. */
  readonly explanation: string | null
  readonly batchId: number | null
  readonly createdAt: string
  readonly anchoredAt: string | null
  /** The workstation that wrote it: null for this one, else the id of another (pulled, verified). */
  readonly workstation: string | null
}

export function recordView(app: App, record: StoredRecord): RecordView {
  const template = templateVersion(app, record.templateId, record.templateVersion)
  return {
    tid: record.tid,
    patientId: record.patientId,
    template: template
      ? `${template.slug}@${template.version}`
      : `${record.templateId}@${record.templateVersion}`,
    state: record.state,
    reason: record.reason,
    reasonName: record.reason === null ? null : reasonName(record.reason),
    explanation: record.reason === null ? null : explainReason(template, record.reason),
    batchId: record.batchId,
    createdAt: record.createdAt,
    anchoredAt: record.anchoredAt,
    workstation: null
  }
}

/** A record pulled from another workstation (kept only once verified against the chain). */
export function pulledRecordView(app: App, record: PulledRecord): RecordView {
  const template = templateVersion(app, record.templateId, record.templateVersion)
  return {
    tid: record.tid,
    patientId: record.patientId,
    template: template
      ? `${template.slug}@${template.version}`
      : `${record.templateId}@${record.templateVersion}`,
    state: 'synced',
    reason: 0,
    reasonName: reasonName(0),
    explanation: null,
    batchId: null,
    createdAt: record.createdAt,
    anchoredAt: record.anchoredAt,
    workstation: record.workstationId
  }
}

/** Every record of the clinic this workstation knows (its own and pulled ones), newest first. */
export function listRecords(app: App, patientId?: string): RecordView[] {
  const own = (patientId ? app.store.records.forPatient(patientId) : app.store.records.all()).map(
    (r) => recordView(app, r)
  )
  const pulled = app.store.sync.pulled(patientId).map((r) => pulledRecordView(app, r))
  return [...own, ...pulled].sort(
    (a, b) => b.createdAt.localeCompare(a.createdAt) || a.tid.localeCompare(b.tid)
  )
}

export interface AddRecordInput {
  readonly patient: string
  readonly template: string
  readonly attributes: Readonly<Record<string, unknown>>
  readonly supersedes?: string
}

/**
 * A clinician enters a record: it is checked against its template, signed
 * (T_I → T_C), stored encrypted in the queue, then sent to the ledger. The
 * answer carries the ACK, or `queued` when the ledger cannot be reached (the
 * record is safe in the queue and goes out with the next drain). With
 * `drain: false` it answers once the record is queued, leaving the sending
 * to a background drain (the app's screens: the ACK arrives as an event).
 */
export async function addRecord(
  app: App,
  session: ClinicSession,
  input: AddRecordInput,
  options: { readonly drain?: boolean } = {}
): Promise<{ record: RecordView; ledgerError: string | null }> {
  requireRole(session, CLINICAL_ROLES, 'enter clinical records')
  const template = findTemplate(app, input.template)
  const patient = showPatient(app, session, input.patient)
  const attributes = checkAttributes(template, input.attributes)
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  if (input.supersedes) {
    const previous = app.store.records.get(input.supersedes)
    if (previous.patientId !== patient.id) {
      throw makeError('a correction must be for the same patient', 'INVALID_ARGUMENT')
    }
  }
  if (ledger.kind === 'remote') await catchUpSeq(app, session)
  const seq = app.store.users.takeSeq(session.user.id)
  const generated = generateRecord(
    {
      template,
      templateHash: templateHash(template),
      patient: { id: patient.id, pseudonym: patient.pseudonym },
      author: {
        username: session.user.username,
        address: session.user.address,
        signingKey: session.signer.signingKey
      },
      attributes,
      seq,
      supersedes: input.supersedes ?? null
    },
    ledgerDomain(ledger.contract.chainId, ledger.contract.address)
  )
  const { tid } = generated.document
  crashPoint('signed')
  app.store.records.enqueue({
    tid,
    patientId: patient.id,
    templateId: template.id,
    templateVersion: template.version,
    authorId: session.user.id,
    seq,
    supersedes: input.supersedes ?? null,
    payload: session.secrets.encryptPhi(generated.canonical, tid),
    chainRecord: JSON.stringify(generated.chainRecord)
  })
  app.store.auditLog.append({ actor: session.user.username, action: 'record.signed', subject: tid })
  crashPoint('queued')
  let ledgerError: string | null = null
  try {
    if (options.drain !== false) await drainQueue(app, session)
  } catch (error) {
    ledgerError = (error as Error).message
    app.log.warn({ err: error, tid }, 'record queued; ledger not reached')
  }
  return { record: recordView(app, app.store.records.get(tid)), ledgerError }
}

/**
 * A clinician may work on several workstations of the clinic: before signing,
 * the next sequence number moves past the highest the ledger has accepted
 * from them, so the replay window does not refuse a record another
 * workstation's numbering collided with. Offline, the local numbering (kept
 * up to date by sync) is used as it is.
 */
async function catchUpSeq(app: App, session: ClinicSession): Promise<void> {
  const ledger = app.store.getConfig('ledger')
  if (!ledger.nodeUrl || !ledger.contract) return
  const network = Network.from(ledger.contract.chainId)
  const provider = new JsonRpcProvider(ledger.nodeUrl, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    cacheTimeout: -1
  })
  try {
    const contract = ledgerAt(ledger.contract.address, provider)
    const read = contract.getFunction('clinicianOf')(session.user.address) as Promise<
      [bigint, bigint, bigint]
    >
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timeout')), 3_000).unref()
    )
    const [, highest] = await Promise.race([read, timeout])
    app.store.users.raiseSeq(session.user.address, Number(highest) + 1)
  } catch (error) {
    app.log.info({ err: error }, 'sequence number not checked against the ledger (offline?)')
  } finally {
    provider.destroy()
  }
}

/**
 * Sends every queued record to the ledger and writes the ACKs; answers how
 * many. While the node is up, the security log's head is anchored too when
 * the anchoring policy says it is due (never failing the drain).
 */
export async function drainQueue(
  app: App,
  session: Pick<ClinicSession, 'secrets'>
): Promise<number> {
  const connection = await connectLedger(app, session.secrets)
  try {
    const anchoring = { store: app.store, client: connection.client, log: app.log }
    // A log anchor the node never got holds a nonce every batch after it would wait behind.
    await settleLogAnchors(anchoring).catch((error: unknown) =>
      app.log.warn({ err: error }, 'log anchors not settled')
    )
    const tv = new TransactionValidator({
      store: app.store,
      client: connection.client,
      log: app.log,
      confirmations: app.store.getConfig('ledger').confirmations ?? (connection.bundled ? 0 : 1)
    })
    const sent = await tv.drain()
    await anchorLogIfDue(anchoring, app.store.getConfig('auditLog.anchoring'))
    return sent
  } finally {
    await connection.close()
  }
}
