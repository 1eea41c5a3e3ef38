import { isError, makeError } from '../../shared/errors'
import { requireRole, type ClinicSession } from '../clinic/clinic-session'
import { connectLedger } from '../clinic/ledger-connection'
import { openConfiguredCloud } from '../cloud'
import type { App } from '../core/create-app'
import { verifyCloud, type AuditResult } from './verify-cloud'

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
  requireRole(session, ['admin', 'auditor'], 'run audits')
  const ledger = app.store.getConfig('ledger')
  if (!ledger.contract) throw makeError('this workstation has no ledger yet', 'NOT_CONFIGURED')
  let patientId: string | undefined
  if (options.patient) {
    const row = app.store.patients.find(options.patient)
    patientId =
      row?.id ??
      app.store.patients.list().find((p) => {
        const details = JSON.parse(session.secrets.decryptPhi(p.phi, p.id).toString('utf8')) as {
          mrn?: string
        }
        return details.mrn === options.patient
      })?.id
    if (!patientId) throw makeError(`no patient ${options.patient}`, 'NOT_FOUND')
  }
  const cloud = await openConfiguredCloud({
    store: app.store,
    paths: app.paths,
    secrets: session.keys.secrets.store,
    ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
  }).catch((error: unknown) => unreachable('the cloud database cannot be used', error))
  try {
    await cloud
      .check()
      .catch((error: unknown) => unreachable('the cloud database cannot be used', error))
    const connection = await connectLedger(app, session.secrets).catch((error: unknown) =>
      unreachable('the Ethereum node cannot be used', error)
    )
    try {
      const { client } = connection
      const result = await verifyCloud({
        scan: {
          provider: client.provider,
          ledger: client.ledger,
          domain: client.domain,
          fromBlock: ledger.contract.deployBlock
        },
        cloud,
        secrets: session.secrets,
        chainId: ledger.contract.chainId,
        ledgerAddress: ledger.contract.address,
        ...(patientId ? { patientId } : {}),
        ...(options.since ? { since: options.since } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {})
      })
      app.store.auditLog.append({
        actor: session.user.username,
        action: 'audit.verified',
        subject: patientId ?? null,
        detail: {
          checked: result.checked,
          verified: result.verified,
          problems: result.problems.length
        }
      })
      return result
    } finally {
      await connection.close()
    }
  } finally {
    await cloud.close()
  }
}
