import { isError } from '../../shared/errors'
import type { CloudStatus, LedgerStatus } from '../../shared/ipc/schemas'
import { openConfiguredCloud } from '../cloud'
import { describeSettings, describeTarget, resolveCloudTarget } from '../cloud/cloud-target'
import { CLOUD_SCHEMA_VERSION } from '../cloud/schema/migrations'
import type { App } from '../core/create-app'
import { keptBundledNode } from './bundled-node-keeper'
import type { ClinicSession } from './clinic-session'
import { NODE_TIMEOUT_MS, nodeQuantity } from './node-rpc'

/** DESIGN.md's trust model, for the admin screen of a bundled-node clinic. */
export const BUNDLED_TRUST_NOTICE =
  'The ledger runs on this workstation (the bundled node): the same checks run, but whoever ' +
  'controls this workstation controls the chain, so it protects against tampering in the ' +
  'cloud database only. A public or consortium network keeps the chain outside the ' +
  "clinic's and the cloud's control."

/**
 * The workstation's ledger as the admin screen shows it: where its node is,
 * the contract, and, asking the node now, the latest block and the
 * handshaker's balance. The bundled node is asked only while this process
 * keeps it running (nothing is started to answer).
 */
export async function ledgerStatus(app: App, session?: ClinicSession): Promise<LedgerStatus> {
  const ledger = app.store.getConfig('ledger')
  const bundled = ledger.kind === 'bundled' ? await keptBundledNode(app) : undefined
  const url = ledger.kind === 'remote' ? (ledger.nodeUrl ?? null) : (bundled?.url ?? null)
  const handshaker = session?.secrets.handshakerAddress ?? null
  const status: LedgerStatus = {
    kind: ledger.kind,
    nodeUrl: url,
    chainId: ledger.contract?.chainId ?? null,
    contract: ledger.contract?.address ?? null,
    deployBlock: ledger.contract?.deployBlock ?? null,
    confirmations: ledger.confirmations ?? (ledger.kind === 'bundled' ? 0 : null),
    reachable: false,
    latestBlock: null,
    handshaker: { address: handshaker, balanceWei: null },
    trustNotice: ledger.kind === 'bundled' ? BUNDLED_TRUST_NOTICE : null,
    problem: null
  }
  if (ledger.kind === 'none') return { ...status, problem: 'no ledger yet: set up the clinic' }
  if (!url) return { ...status, problem: 'the bundled node is not running' }
  try {
    const block = Number(await nodeQuantity(url, 'eth_blockNumber'))
    const balanceWei = handshaker
      ? await nodeQuantity(url, 'eth_getBalance', [handshaker, 'latest']).then(
          (wei) => wei.toString(),
          () => null
        )
      : null
    return {
      ...status,
      reachable: true,
      latestBlock: block,
      handshaker: { address: handshaker, balanceWei }
    }
  } catch {
    return { ...status, problem: `the Ethereum node at ${url} does not answer` }
  }
}

/**
 * The configured cloud database, asked now: reachable, its schema and
 * counts; or what is wrong, in words. The password comes from the session's
 * secret store (it unlocks a vault).
 */
export async function cloudStatus(app: App, session: ClinicSession): Promise<CloudStatus> {
  const settings = app.store.getConfig('cloud')
  const target = resolveCloudTarget(settings, app.paths.cloudDb)
  const status: CloudStatus = {
    engine: settings.engine,
    embedded: settings.engine === 'sqlite',
    where: describeTarget(target),
    details: describeSettings(target),
    reachable: false,
    schema: null,
    records: null,
    rejected: null,
    problem: null
  }
  try {
    const cloud = await openConfiguredCloud({
      store: app.store,
      paths: app.paths,
      secrets: session.keys.secrets.store,
      connectTimeoutMs: NODE_TIMEOUT_MS,
      ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
    })
    try {
      const schema = await cloud.schemaStatus()
      if (schema.current !== CLOUD_SCHEMA_VERSION) {
        // Reachable, but not usable until migrated (or this MediBlock updated): check says which.
        const problem = await cloud.check().then(() => null, messageOf)
        return { ...status, reachable: true, schema, problem }
      }
      return {
        ...status,
        reachable: true,
        schema,
        records: await cloud.countRecords(),
        rejected: await cloud.countRejected()
      }
    } finally {
      await cloud.close()
    }
  } catch (error) {
    return { ...status, problem: messageOf(error) }
  }
}

/** A coded error's message; anything else stays in the log. */
function messageOf(error: unknown): string {
  return isError(error) ? error.message : 'unexpected error; see the log for details'
}
