import { existsSync, rmSync } from 'node:fs'
import { JsonRpcProvider, Network } from 'ethers'
import { assert, makeError } from '../../shared/errors'
import type { TemplateDefinition } from '../../shared/templates'
import { deployLedger } from '../chain/deploy-ledger'
import { ledgerAt } from '../chain/ledger-artifact'
import { BUNDLED_CHAIN_ID } from '../chain/node/bundled-node'
import type { App } from '../core/create-app'
import { LedgerClient } from '../handshaker/ledger-client'
import { fundOnBundledNode, startBundledNode } from './ledger-connection'
import { defaultTemplatesOn } from './templates-service'
import { WorkstationKeys } from './workstation-keys'

export interface InitClinicInput {
  readonly clinicName: string
  readonly admin: {
    readonly username: string
    readonly displayName: string
    readonly password: string
  }
  /** The bundled node (deploys a new ledger), or an existing ledger on a remote node. */
  readonly ledger:
    | { readonly kind: 'bundled' }
    | {
        readonly kind: 'remote'
        readonly nodeUrl: string
        readonly address: string
        /** Blocks to wait on top of a batch's own (default 1). */
        readonly confirmations?: number
      }
}

export interface InitClinicResult {
  readonly clinic: string
  readonly admin: string
  /** The admin's address: on a remote ledger, its admin grants this one the admin role. */
  readonly adminAddress: string
  readonly ledger: {
    kind: 'bundled' | 'remote'
    address: string
    chainId: number
    nodeUrl?: string
  }
  readonly handshaker: string
  readonly secretStore: 'keychain' | 'vault'
}

/**
 * Sets up a clinic on a new workstation: the first admin (keystore, and the
 * vault's first key slot where there is no keychain), the device secrets,
 * and the ledger: on the bundled node a new contract is deployed with the
 * default templates; on a remote node an existing one is checked and
 * attached (its admin must then grant this workstation's handshaker).
 */
export async function initClinic(app: App, input: InitClinicInput): Promise<InitClinicResult> {
  assert(app.store.users.count() === 0, 'this workstation already has a clinic', 'CONFLICT')
  const clinicName = input.clinicName.trim()
  assert(
    clinicName.length > 0 && clinicName.length <= 200,
    'a clinic name has 1 to 200 characters',
    'INVALID_ARGUMENT'
  )
  const keys = await WorkstationKeys.open(app.paths, app.config.keytarBinding)
  const hadVault = existsSync(app.paths.vaultFile)
  const address = await keys.enroll(input.admin.username, input.admin.password)
  try {
    return await setUp(app, input, clinicName, keys, address)
  } catch (error) {
    // Leave the workstation as it was, so that init can simply be run again.
    await keys.keystores.remove(input.admin.username)
    if (!hadVault) rmSync(app.paths.vaultFile, { force: true })
    app.store.setConfig('ledger', { kind: 'none' })
    throw error
  }
}

async function setUp(
  app: App,
  input: InitClinicInput,
  clinicName: string,
  keys: WorkstationKeys,
  address: string
): Promise<InitClinicResult> {
  const adminWallet = await keys.login(input.admin.username, input.admin.password)
  const secrets = await keys.deviceSecrets()
  const handshaker = secrets.handshakerAddress

  let ledger: InitClinicResult['ledger']
  let templates: TemplateDefinition[]
  if (input.ledger.kind === 'bundled') {
    const node = await startBundledNode(app)
    try {
      await fundOnBundledNode(node, address)
      await fundOnBundledNode(node, handshaker)
      const network = Network.from(BUNDLED_CHAIN_ID)
      const provider = new JsonRpcProvider(node.url, network, {
        staticNetwork: network,
        batchMaxCount: 1,
        cacheTimeout: -1
      })
      provider.pollingInterval = 20
      try {
        const deployment = await deployLedger({
          admin: adminWallet.connect(provider),
          handshakers: [handshaker],
          store: app.store
        })
        ledger = { kind: 'bundled', address: deployment.address, chainId: deployment.chainId }
        templates = await defaultTemplatesOn(ledgerAt(deployment.address, provider))
        const current = app.store.getConfig('ledger')
        app.store.setConfig('ledger', { ...current, kind: 'bundled' })
      } finally {
        provider.destroy()
      }
    } finally {
      await node.stop()
    }
  } else {
    const { nodeUrl, address: contract } = input.ledger
    const network = await probeChainId(nodeUrl)
    const client = await LedgerClient.connect({
      url: nodeUrl,
      chainId: network,
      address: contract,
      handshakerKey: secrets.handshakerWallet().privateKey
    })
    try {
      templates = await defaultTemplatesOn(client.ledger)
    } finally {
      client.destroy()
    }
    app.store.setConfig('ledger', {
      kind: 'remote',
      nodeUrl,
      confirmations: input.ledger.confirmations ?? 1,
      contract: { address: contract, chainId: network, deployBlock: 0 }
    })
    ledger = { kind: 'remote', address: contract, chainId: network, nodeUrl }
  }
  app.store.users.create({
    username: input.admin.username,
    displayName: input.admin.displayName,
    role: 'admin',
    address
  })
  for (const def of templates) app.store.templates.add(def, input.admin.username)
  app.store.setConfig('clinic', { name: clinicName })
  app.store.auditLog.append({
    actor: input.admin.username,
    action: 'clinic.created',
    subject: clinicName,
    detail: { ledger: ledger.kind, contract: ledger.address, chainId: ledger.chainId, handshaker }
  })
  return {
    clinic: clinicName,
    admin: input.admin.username,
    adminAddress: address,
    ledger,
    handshaker,
    secretStore: keys.secrets.kind
  }
}

async function probeChainId(url: string): Promise<number> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] })
    })
    const body = (await response.json()) as { result?: string }
    if (!body.result) throw new Error('no chain id')
    return Number(body.result)
  } catch (cause) {
    throw makeError(`cannot reach the Ethereum node at ${url}`, 'UNAVAILABLE', {}, cause)
  }
}
