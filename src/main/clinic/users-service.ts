import { JsonRpcProvider, Network } from 'ethers'
import { assert, makeError } from '../../shared/errors'
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

export const isClinical = (role: Role): role is ClinicalRole =>
  (CLINICAL_ROLES as readonly string[]).includes(role)

/** A new user, and what is left to do on the ledger if it could not be done now. */
export interface AddedUser {
  readonly user: User
  /** Why a clinician is not registered on the ledger yet, and what to do; null when done. */
  readonly ledgerNotice: string | null
}

/**
 * An admin adds a user: keystore and vault slot, the local row, and for a
 * clinical role the registration on the ledger (by the admin's own key), so
 * that the contract accepts their signatures. On a remote ledger the
 * workstation's admin may not be the ledger's admin: the user is then added
 * all the same, with a notice saying who must register which address.
 */
export async function addUser(
  app: App,
  admin: ClinicSession,
  input: NewUserInput
): Promise<AddedUser> {
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
  let ledgerNotice: string | null = null
  if (isClinical(user.role)) {
    try {
      ledgerNotice = await setLedgerRegistration(app, admin, user, user.role)
    } catch (error) {
      // The user exists; only the registration is left (`mediblock user register`).
      ledgerNotice = `not registered on the ledger yet (${(error as Error).message}); run \`mediblock user register ${user.username}\` when the ledger is reachable`
      app.log.warn({ err: error, user: user.username }, 'clinician not registered on the ledger')
    }
  }
  return { user: app.store.users.get(user.username), ledgerNotice }
}

/**
 * Registers an existing clinician on the ledger (after `user add` could not:
 * the node was down, or the ledger's admin has since granted this
 * workstation's admin the role). Answers the notice, null when registered.
 */
export async function registerUser(
  app: App,
  admin: ClinicSession,
  username: string
): Promise<AddedUser> {
  requireRole(admin, ['admin'], 'register users on the ledger')
  const user = app.store.users.get(username)
  if (!isClinical(user.role)) {
    throw makeError(`${username} is not a clinician (${user.role})`, 'INVALID_ARGUMENT')
  }
  const ledgerNotice = await setLedgerRegistration(app, admin, user, user.role)
  return { user: app.store.users.get(username), ledgerNotice }
}

/**
 * On a workstation whose secrets are in the vault, gives a user a key slot
 * so that their password opens it: after joining a clinic (the users came
 * with the enrollment, their slots cannot), or for a user whose slot was
 * lost. The user's password is proven by their own keystore first.
 */
export async function giveKeySlot(
  app: App,
  admin: ClinicSession,
  username: string,
  password: string
): Promise<void> {
  requireRole(admin, ['admin'], 'give key slots')
  const user = app.store.users.get(username)
  const { secrets } = admin.keys
  if (secrets.kind !== 'vault') {
    throw makeError(
      'this workstation keeps its secrets in the OS keychain: no slot is needed',
      'CONFLICT'
    )
  }
  await admin.keys.keystores.unlock(user.username, password)
  await secrets.store.addSlot(user.username, password)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'user.key-slot-added',
    subject: user.username
  })
}

const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}`

/**
 * Registers a clinician's address and role on the ledger (`role`), or
 * revokes it (`null`: their later records are refused), signed by the
 * admin. Answers a notice instead when the admin may not (a remote ledger
 * administered by someone else) or has no ether there to pay for it.
 */
export async function setLedgerRegistration(
  app: App,
  admin: ClinicSession,
  user: User,
  role: ClinicalRole | null
): Promise<string | null> {
  const connection = await connectLedger(app, admin.secrets)
  const done = role ? 'registered on' : 'revoked from'
  const command = role ? `mediblock user register ${user.username}` : 'revoke it'
  try {
    if (connection.bundled) await fundOnBundledNode(connection.bundled, admin.user.address)
    const network = Network.from(connection.client.chainId)
    const provider = new JsonRpcProvider(connection.nodeUrl, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    provider.pollingInterval = connection.bundled ? 20 : 250
    try {
      const ledger = ledgerAt(connection.client.address, admin.signer.connect(provider))
      const asking = role
        ? `ask the ledger's admin to register ${user.address} as ${role}, or to grant ${admin.user.address} the ledger's admin role and run \`${command}\``
        : `ask the ledger's admin to revoke ${user.address}`
      const isAdmin = (await ledger.getFunction('hasRole')(
        DEFAULT_ADMIN_ROLE,
        admin.user.address
      )) as boolean
      if (!isAdmin) {
        return `not ${done} the ledger: ${admin.user.username} is not the ledger's admin; ${asking}`
      }
      if ((await provider.getBalance(admin.user.address)) === 0n) {
        return `not ${done} the ledger: ${admin.user.address} has no ether on chain ${network.chainId} to pay for it; fund it and ${role ? `run \`${command}\`` : 'try again'}`
      }
      if (role) await sendLedgerTx(ledger, 'registerClinician', user.address, ROLE_CODES[role])
      else await sendLedgerTx(ledger, 'revokeClinician', user.address)
    } finally {
      provider.destroy()
    }
  } finally {
    await connection.close()
  }
  app.store.users.markRegistered(user.username, role !== null)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: role ? 'user.registered-on-ledger' : 'user.revoked-on-ledger',
    subject: user.username,
    detail: { ...(role ? { role } : {}), address: user.address }
  })
  return null
}
