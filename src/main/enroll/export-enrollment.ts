import { JsonRpcProvider, Network, parseEther, Wallet } from 'ethers'
import { makeError } from '../../shared/errors'
import { ledgerAt, sendLedgerTx, waitForReceipt } from '../chain/ledger-artifact'
import { requireRole, type ClinicSession } from '../clinic/clinic-session'
import { credentialFor, readCloudCredentials } from '../cloud'
import type { App } from '../core/create-app'
import { randomSecp256k1PrivateKey } from '../crypto/secp256k1-key'
import { DEVICE_SECRET_NAMES } from '../keys/device-secrets'
import { sealEnrollment, type EnrollmentContents } from './enrollment-bundle'

const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}`

export interface ExportEnrollmentInput {
  readonly passphrase: string
  /** Ether the admin sends the new workstation's handshaker account (0: someone else funds it). */
  readonly fundEther?: string
}

export interface ExportedEnrollment {
  /** The sealed bundle's text, for the file. */
  readonly bundle: string
  /** The new workstation's handshaker account. */
  readonly handshaker: string
  /** Whether it could be granted HANDSHAKER_ROLE now (by this admin), and funded. */
  readonly authorized: boolean
  readonly funded: string
  /** What is left to do on the ledger, in words; null when nothing. */
  readonly notice: string | null
}

/**
 * An admin prepares a second workstation of the clinic: a new handshaker
 * account for it (granted on the ledger now when this admin is the ledger's
 * admin), and a bundle, sealed under a one-time passphrase, with the ledger
 * and cloud settings, the clinic's data key and pseudonym secret, the users
 * with their (password-encrypted) keystores, and the templates.
 *
 * Both workstations must reach the same chain and the same cloud database:
 * a bundled node or the embedded cloud store lives on this workstation only.
 */
export async function exportEnrollment(
  app: App,
  admin: ClinicSession,
  input: ExportEnrollmentInput
): Promise<ExportedEnrollment> {
  requireRole(admin, ['admin'], 'export enrollments')
  const ledger = app.store.getConfig('ledger')
  if (ledger.kind !== 'remote' || !ledger.nodeUrl || !ledger.contract) {
    throw makeError(
      "a second workstation needs a ledger both can reach; this clinic's ledger is this workstation's bundled node",
      'NOT_CONFIGURED'
    )
  }
  const cloud = app.store.getConfig('cloud')
  if (cloud.engine === 'sqlite') {
    throw makeError(
      'a second workstation needs a cloud database both can reach; this one uses the embedded stand-in (`mediblock cloud set`)',
      'NOT_CONFIGURED'
    )
  }
  const store = admin.keys.secrets.store
  const secret = async (name: string) => {
    const value = await store.get(name)
    if (!value) throw makeError(`the ${name} is missing`, 'NOT_CONFIGURED')
    return value
  }
  const credentials = credentialFor(cloud) ? await readCloudCredentials(store, cloud) : {}
  const cloudSecret = credentials.password ?? credentials.secretAccessKey ?? null
  const handshakerKey = randomSecp256k1PrivateKey()
  const handshaker = new Wallet(handshakerKey).address
  const clinic = app.store.getConfig('clinic')
  if (!clinic) throw makeError('this workstation has no clinic yet', 'NOT_CONFIGURED')

  const contents: EnrollmentContents = {
    clinic,
    from: { workstationId: app.store.getConfig('workstation.id'), admin: admin.user.username },
    ledger: {
      nodeUrl: ledger.nodeUrl,
      confirmations: ledger.confirmations ?? 1,
      contract: ledger.contract
    },
    cloud,
    cloudSecret,
    secrets: {
      dataKey: await secret(DEVICE_SECRET_NAMES.dataKey),
      pseudonymSecret: await secret(DEVICE_SECRET_NAMES.pseudonymSecret),
      handshakerKey
    },
    users: app.store.users
      .list()
      .filter((u) => !u.disabledAt && admin.keys.keystores.has(u.username))
      .map((u) => ({
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        address: u.address,
        chainRegisteredAt: u.chainRegisteredAt,
        keystore: admin.keys.keystores.exportJson(u.username)
      })),
    templates: app.store.templates.all().map((t) => t.definition)
  }
  const bundle = await sealEnrollment(contents, input.passphrase)
  const { authorized, funded, notice } = await authorize(
    ledger.nodeUrl,
    ledger.contract,
    admin,
    handshaker,
    input.fundEther ?? '0'
  )
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'enrollment.exported',
    subject: handshaker,
    detail: { users: contents.users.length, authorized, funded }
  })
  return { bundle, handshaker, authorized, funded, notice }
}

/** Grants the new handshaker its role and funds it, when this admin may. */
async function authorize(
  nodeUrl: string,
  contract: { address: string; chainId: number },
  admin: ClinicSession,
  handshaker: string,
  fundEther: string
): Promise<{ authorized: boolean; funded: string; notice: string | null }> {
  const network = Network.from(contract.chainId)
  const provider = new JsonRpcProvider(nodeUrl, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    cacheTimeout: -1
  })
  provider.pollingInterval = 250
  try {
    const signer = admin.signer.connect(provider)
    const ledger = ledgerAt(contract.address, signer)
    const isAdmin = (await ledger.getFunction('hasRole')(
      DEFAULT_ADMIN_ROLE,
      admin.user.address
    )) as boolean
    if (!isAdmin) {
      return {
        authorized: false,
        funded: '0',
        notice: `the ledger's admin must grant HANDSHAKER_ROLE to ${handshaker} and fund it`
      }
    }
    const role = (await ledger.getFunction('HANDSHAKER_ROLE')()) as string
    await sendLedgerTx(ledger, 'grantRole', role, handshaker)
    const value = parseEther(fundEther)
    if (value > 0n) {
      // Polled with a deadline, not tx.wait(): see waitForReceipt.
      const funding = await signer.sendTransaction({ to: handshaker, value })
      await waitForReceipt(funding.provider, funding.hash, 'fund the new workstation')
    }
    return {
      authorized: true,
      funded: fundEther,
      notice: value > 0n ? null : `fund ${handshaker}: it pays for the new workstation's batches`
    }
  } catch (cause) {
    throw makeError(
      `cannot authorize the new workstation on the ledger: ${(cause as Error).message}`,
      'UNAVAILABLE',
      {},
      cause
    )
  } finally {
    provider.destroy()
  }
}
