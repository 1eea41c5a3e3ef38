import { makeError } from '../../shared/errors'
import { BUNDLED_CHAIN_ID, type BundledNode } from '../chain/node/bundled-node'
import type { App } from '../core/create-app'
import { LedgerClient } from '../handshaker/ledger-client'
import type { DeviceSecrets } from '../keys/device-secrets'
import { keptBundledNode, startBundledNode } from './bundled-node-keeper'

/** Ether the bundled node gives the clinic's own accounts (it is a private chain). */
const BUNDLED_BALANCE = '0x3635c9adc5dea00000' // 1,000 ETH

/** A live connection to the workstation's ledger, and what to stop afterwards. */
export interface LedgerConnection {
  readonly client: LedgerClient
  readonly nodeUrl: string
  readonly bundled: BundledNode | null
  close(): Promise<void>
}

/** Gives an account ether on the bundled node, which the clinic alone runs. */
export async function fundOnBundledNode(node: BundledNode, address: string): Promise<void> {
  const response = await fetch(node.url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'evm_setAccountBalance',
      params: [address, BUNDLED_BALANCE]
    })
  })
  const body = (await response.json()) as { error?: { message: string } }
  if (body.error) throw makeError(`cannot fund ${address}: ${body.error.message}`, 'UNAVAILABLE')
}

/**
 * Connects the handshaker to the configured ledger: on the bundled node
 * (the one this process keeps running, else one started for the occasion)
 * or on the remote node, checking chain id and contract either way.
 */
export async function connectLedger(app: App, secrets: DeviceSecrets): Promise<LedgerConnection> {
  const ledger = app.store.getConfig('ledger')
  if (ledger.kind === 'none' || !ledger.contract) {
    throw makeError('this workstation has no ledger yet; run `mediblock init`', 'NOT_CONFIGURED')
  }
  const { contract } = ledger
  let bundled: BundledNode | null = null
  // A node started here is stopped on close; a kept one runs on.
  let started: BundledNode | null = null
  let url: string
  if (ledger.kind === 'bundled') {
    bundled = (await keptBundledNode(app)) ?? (started = await startBundledNode(app))
    url = bundled.url
  } else {
    if (!ledger.nodeUrl) throw makeError('the remote ledger has no node URL', 'NOT_CONFIGURED')
    url = ledger.nodeUrl
  }
  try {
    const client = await LedgerClient.connect({
      url,
      chainId: contract.chainId,
      address: contract.address,
      handshakerKey: handshakerKeyOf(secrets),
      pollMs: bundled ? 10 : 500
    })
    return {
      client,
      nodeUrl: url,
      bundled,
      async close() {
        client.destroy()
        await started?.stop()
      }
    }
  } catch (error) {
    await started?.stop()
    throw error
  }
}

/** The handshaker's private key, for the ledger client's own signer only. */
function handshakerKeyOf(secrets: DeviceSecrets): string {
  return secrets.handshakerWallet().privateKey
}

export { BUNDLED_CHAIN_ID, startBundledNode }
