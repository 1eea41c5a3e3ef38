import { Wallet } from 'ethers'
import { isError, type ErrorCode } from '../../shared/errors'
import type { CloudChoice, CloudTestResult, LedgerTestResult } from '../../shared/ipc/schemas'
import { CloudStore, credentialFor, type CloudCredentials } from '../cloud'
import { describeSettings, describeTarget, resolveCloudTarget } from '../cloud/cloud-target'
import { CLOUD_SCHEMA_VERSION } from '../cloud/schema/migrations'
import type { App } from '../core/create-app'
import { LedgerClient } from '../handshaker/ledger-client'
import { nodeQuantity } from './node-rpc'
import type { SecretStore } from '../keys/secret-store'
import { readCloudCredentials } from '../cloud/cloud-credentials'

/** How long a tested service may take to answer. */
const TEST_TIMEOUT_MS = 5_000

/** A failure as a test reports it: its code and one sentence; never a stack or SQL. */
function failure(error: unknown): { ok: false; code: ErrorCode; problem: string } {
  if (isError(error)) return { ok: false, code: error.code, problem: error.message }
  return { ok: false, code: 'INTERNAL', problem: 'unexpected error; see the log for details' }
}

/**
 * Tests a node (and, if given, the ledger contract on it) before it is
 * saved: the node answers with a chain id and a block; the contract is a
 * MediBlock ledger whose EIP-712 domain matches that chain. Answers what is
 * wrong as data, never throws.
 */
export async function testLedger(nodeUrl: string, contract?: string): Promise<LedgerTestResult> {
  try {
    const chainId = Number(await nodeQuantity(nodeUrl, 'eth_chainId', [], TEST_TIMEOUT_MS))
    const latestBlock = Number(await nodeQuantity(nodeUrl, 'eth_blockNumber', [], TEST_TIMEOUT_MS))
    if (contract) {
      // Reads only: any key will do for the client's signer.
      const client = await LedgerClient.connect({
        url: nodeUrl,
        chainId,
        address: contract,
        handshakerKey: Wallet.createRandom().privateKey
      })
      client.destroy()
    }
    return { ok: true, chainId, latestBlock, contract: contract ?? null }
  } catch (error) {
    return failure(error)
  }
}

/**
 * Tests cloud settings before they are saved, with the password given (or,
 * when none is given, the one stored for them): connects, reads the schema
 * and counts the records. A schema not created yet is a success that needs
 * a migration. Answers what is wrong as data, never throws.
 */
export async function testCloudChoice(
  app: App,
  choice: CloudChoice,
  stored?: SecretStore
): Promise<CloudTestResult> {
  const { settings } = choice
  let store: CloudStore | undefined
  try {
    const field = credentialFor(settings)
    let credentials: CloudCredentials = {}
    if (field && choice.password !== undefined) credentials = { [field]: choice.password }
    else if (field && stored) credentials = await readCloudCredentials(stored, settings)
    store = await CloudStore.open(settings, credentials, {
      sqlitePath: app.paths.cloudDb,
      workstationId: app.store.getConfig('workstation.id'),
      connectTimeoutMs: TEST_TIMEOUT_MS,
      ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
    })
    const target = resolveCloudTarget(settings, app.paths.cloudDb)
    const summary = { where: describeTarget(target), details: describeSettings(target) }
    const { current } = await store.schemaStatus()
    const embedded = settings.engine === 'sqlite'
    const schema = { current, required: CLOUD_SCHEMA_VERSION }
    if (current < CLOUD_SCHEMA_VERSION) {
      return {
        ok: true,
        ...summary,
        engine: settings.engine,
        embedded,
        serverVersion: null,
        schema,
        needsMigration: true,
        records: null,
        rejected: null
      }
    }
    const check = await store.check()
    return {
      ok: true,
      ...summary,
      engine: settings.engine,
      embedded,
      serverVersion: check.serverVersion,
      schema,
      needsMigration: false,
      records: await store.countRecords(),
      rejected: await store.countRejected()
    }
  } catch (error) {
    return failure(error)
  } finally {
    await store?.close().catch(() => undefined)
  }
}
