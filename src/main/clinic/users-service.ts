import { JsonRpcProvider, Network } from 'ethers'
import { assert } from '../../shared/errors'
import { CLINICAL_ROLES, type Role } from '../../shared/roles'
import { ledgerAt, sendLedgerTx } from '../chain/ledger-artifact'
import { ROLE_CODES, type ClinicalRole } from '../../shared/templates'
import type { App } from '../core/create-app'
import type { User } from '../store/users-repo'
import { requireRole, type ClinicSession } from './clinic-session'
import { connectLedger, fundOnBundledNode } from './ledger-connection'

export interface NewUserInput {
  readonly username: string
  readonly displayName: string
  readonly role: Role
  readonly password: string
}

const isClinical = (role: Role): role is ClinicalRole =>
  (CLINICAL_ROLES as readonly string[]).includes(role)

/**
 * An admin adds a user: keystore and vault slot, the local row, and for a
 * clinical role the registration on the ledger (by the admin's own key), so
 * that the contract accepts their signatures.
 */
export async function addUser(app: App, admin: ClinicSession, input: NewUserInput): Promise<User> {
  requireRole(admin, ['admin'], 'add users')
  assert(
    !app.store.users.find(input.username),
    `the username ${input.username} is taken`,
    'CONFLICT'
  )
  const address = await admin.keys.enroll(input.username, input.password)
  let user: User
  try {
    user = app.store.users.create({ ...input, address })
  } catch (error) {
    await admin.keys.keystores.remove(input.username)
    throw error
  }
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.created',
    subject: user.username,
    detail: { role: user.role, address }
  })
  if (isClinical(user.role)) await registerOnLedger(app, admin, user, user.role)
  return app.store.users.get(user.username)
}

/** Registers a clinician's address and role on the ledger, signed by the admin. */
async function registerOnLedger(app: App, admin: ClinicSession, user: User, role: ClinicalRole) {
  const connection = await connectLedger(app, admin.secrets)
  try {
    if (connection.bundled) await fundOnBundledNode(connection.bundled, admin.user.address)
    const network = Network.from(connection.client.chainId)
    const provider = new JsonRpcProvider(connection.nodeUrl, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    provider.pollingInterval = connection.bundled ? 20 : 1000
    try {
      const ledger = ledgerAt(connection.client.address, admin.signer.connect(provider))
      await sendLedgerTx(ledger, 'registerClinician', user.address, ROLE_CODES[role])
    } finally {
      provider.destroy()
    }
  } finally {
    await connection.close()
  }
  app.store.users.markRegistered(user.username)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.registered-on-ledger',
    subject: user.username,
    detail: { role, address: user.address }
  })
}
