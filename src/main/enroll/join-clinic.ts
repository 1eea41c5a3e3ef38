import { rmSync } from 'node:fs'
import { assert, makeError } from '../../shared/errors'
import { saveCloudCredentials } from '../cloud'
import type { App } from '../core/create-app'
import { LedgerClient } from '../handshaker/ledger-client'
import { DEVICE_SECRET_NAMES } from '../keys/device-secrets'
import { WorkstationKeys } from '../clinic/workstation-keys'
import { openEnrollment } from './enrollment-bundle'

export interface JoinClinicInput {
  /** The enrollment file's text. */
  readonly bundle: string
  readonly passphrase: string
  /** An admin of the clinic, with their own password, who sets this workstation up. */
  readonly admin: string
  readonly password: string
}

export interface JoinClinicResult {
  readonly clinic: string
  readonly admin: string
  readonly users: number
  readonly handshaker: string
  readonly secretStore: 'keychain' | 'vault'
  readonly ledger: { address: string; chainId: number; nodeUrl: string }
}

/**
 * Sets this workstation up as another of the clinic's, from an enrollment
 * bundle: the same ledger and cloud, the same data key and pseudonym secret
 * (so records of every workstation decrypt and patients keep one
 * pseudonym), its own handshaker account, the clinic's users with their
 * keystores, and the templates. Everything is checked (passphrase, the
 * admin's password, the ledger) before anything is written.
 */
export async function joinClinic(app: App, input: JoinClinicInput): Promise<JoinClinicResult> {
  assert(app.store.users.count() === 0, 'this workstation already has a clinic', 'CONFLICT')
  const contents = await openEnrollment(input.bundle, input.passphrase)
  const admin = contents.users.find((u) => u.username === input.admin && u.role === 'admin')
  if (!admin) throw makeError(`${input.admin} is not an admin in this enrollment`, 'FORBIDDEN')
  const client = await LedgerClient.connect({
    url: contents.ledger.nodeUrl,
    chainId: contents.ledger.contract.chainId,
    address: contents.ledger.contract.address,
    handshakerKey: contents.secrets.handshakerKey
  })
  client.destroy()

  const keys = await WorkstationKeys.open(app.paths, app.config.keytarBinding)
  const imported: string[] = []
  try {
    for (const user of contents.users) {
      keys.keystores.importJson(user.username, user.keystore)
      imported.push(user.username)
    }
    // Proves the admin's password (and creates the vault's first slot with it).
    await keys.keystores.unlock(admin.username, input.password)
    const store = keys.secrets.store
    if (keys.secrets.kind === 'vault' && keys.secrets.store.state === 'absent') {
      await keys.secrets.store.create(admin.username, input.password)
    } else {
      await keys.login(admin.username, input.password)
    }
    for (const name of Object.values(DEVICE_SECRET_NAMES)) {
      if ((await store.get(name)) !== null) {
        throw makeError(`this workstation already holds a ${name}`, 'CONFLICT')
      }
    }
    await store.set(DEVICE_SECRET_NAMES.handshakerKey, contents.secrets.handshakerKey)
    await store.set(DEVICE_SECRET_NAMES.dataKey, contents.secrets.dataKey)
    await store.set(DEVICE_SECRET_NAMES.pseudonymSecret, contents.secrets.pseudonymSecret)
    await saveCloudCredentials(store, contents.cloud, contents.cloudSecret ?? undefined)
  } catch (error) {
    for (const username of imported) await keys.keystores.remove(username)
    if (keys.secrets.kind === 'vault') rmSync(app.paths.vaultFile, { force: true })
    throw error
  }

  for (const user of contents.users) {
    app.store.users.create({
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      address: user.address
    })
    if (user.chainRegisteredAt) app.store.users.markRegistered(user.username)
  }
  for (const def of contents.templates) app.store.templates.add(def, contents.from.admin)
  app.store.setConfig('ledger', {
    kind: 'remote',
    nodeUrl: contents.ledger.nodeUrl,
    confirmations: contents.ledger.confirmations,
    contract: contents.ledger.contract
  })
  app.store.setConfig('cloud', contents.cloud)
  app.store.setConfig('clinic', contents.clinic)
  const secrets = await keys.deviceSecrets()
  app.store.auditLog.append({
    actor: admin.username,
    action: 'clinic.joined',
    subject: contents.clinic.name,
    detail: {
      from: contents.from.workstationId,
      exportedBy: contents.from.admin,
      users: contents.users.length,
      handshaker: secrets.handshakerAddress
    }
  })
  return {
    clinic: contents.clinic.name,
    admin: admin.username,
    users: contents.users.length,
    handshaker: secrets.handshakerAddress,
    secretStore: keys.secrets.kind,
    ledger: {
      address: contents.ledger.contract.address,
      chainId: contents.ledger.contract.chainId,
      nodeUrl: contents.ledger.nodeUrl
    }
  }
}
