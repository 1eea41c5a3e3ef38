import { makeError } from '../../shared/errors'
import type { ClinicInitRequest, ClinicInitResult } from '../../shared/ipc/schemas'
import { migrateCloud, setCloud } from '../cloud/cloud-admin'
import type { App } from '../core/create-app'
import { sessionState, type Session } from '../core/session'
import { logIn } from '../workstation/sessions'
import { testCloudChoice } from './connection-tests'
import { initClinic } from './init-clinic'

/**
 * First-run channels are public (no one can log in before the clinic
 * exists): they are allowed while it does not, and afterwards to a logged-in
 * admin only.
 */
export function assertSetupOrAdmin(app: App, session: Session, what: string): void {
  if (app.store.users.count() === 0) return
  if (session.clinic?.user.role === 'admin' && !session.locked) return
  throw makeError(
    `this workstation already has a clinic: only an admin may ${what}`,
    session.user ? 'FORBIDDEN' : 'UNAUTHENTICATED'
  )
}

/**
 * The first-run wizard's one step: the cloud settings are tested first (so
 * a wrong password stops here, with nothing set up), then the clinic is set
 * up as `mediblock init` does, the admin logged in on this session, and
 * the cloud set as `mediblock cloud set` does (its schema created when it
 * has none: the admin is doing it). What is left to do is in `notices`.
 */
export async function setupClinic(
  app: App,
  session: Session,
  request: ClinicInitRequest
): Promise<ClinicInitResult> {
  if (app.store.users.count() > 0) {
    throw makeError('this workstation already has a clinic', 'CONFLICT')
  }
  const notices: string[] = []
  const cloudChoice = request.cloud ?? { settings: { engine: 'sqlite' as const } }
  const tested = await testCloudChoice(app, cloudChoice)
  if (!tested.ok) {
    throw makeError(`the cloud database cannot be used: ${tested.problem}`, tested.code)
  }
  const result = await initClinic(app, {
    clinicName: request.clinicName,
    admin: request.admin,
    ledger:
      request.ledger.kind === 'bundled'
        ? { kind: 'bundled' }
        : {
            kind: 'remote',
            nodeUrl: request.ledger.nodeUrl,
            address: request.ledger.contract,
            confirmations: request.ledger.confirmations
          }
  })
  await logIn(app, session, request.admin.username, request.admin.password)
  const admin = session.clinic
  if (!admin) throw makeError('the new admin could not be logged in', 'INTERNAL')
  const cloud = await setCloud(app, admin, cloudChoice.settings, cloudChoice.password)
  if (tested.needsMigration) {
    try {
      await migrateCloud(app, admin)
    } catch (error) {
      notices.push(
        `the cloud schema was not created (${(error as Error).message}); an admin runs \`mediblock cloud migrate\``
      )
    }
  }
  if (result.ledger.kind === 'remote') {
    notices.push(
      `the ledger's admin must grant HANDSHAKER_ROLE to ${result.handshaker} and fund it`,
      `to register clinicians from here, the ledger's admin grants its admin role to ${result.adminAddress} and funds it`
    )
  }
  return {
    clinic: result.clinic,
    admin: result.admin,
    adminAddress: result.adminAddress,
    ledger: { ...result.ledger, nodeUrl: result.ledger.nodeUrl ?? null },
    handshaker: result.handshaker,
    secretStore: result.secretStore,
    cloud,
    notices,
    session: sessionState(session)
  }
}
