import { randomBytes } from 'node:crypto'
import { join, resolve } from 'node:path'
import { JsonRpcProvider, Network, Wallet } from 'ethers'
import pino from 'pino'
import { onTestFinished } from 'vitest'
import { defaultTemplates } from '../../src/main/chain/default-templates'
import { deployLedger } from '../../src/main/chain/deploy-ledger'
import { BUNDLED_CHAIN_ID, BundledNode } from '../../src/main/chain/node/bundled-node'
import { LocalStore } from '../../src/main/store/local-store'
import type { ClinicalRole } from '../../src/shared/templates'
import { ROOT } from './cli'
import { jsonRpc } from './json-rpc'
import { tempDir } from './temp-dir'

export const silentLog = pino({ level: 'silent' })

/** A running bundled node, a deployed ledger and a local store, torn down after the test. */
export async function ledgerFixture(clinicians: { username: string; role: ClinicalRole }[]) {
  const dataDir = tempDir()
  const node = await BundledNode.start({
    chainDir: join(dataDir, 'chain'),
    log: silentLog,
    entry: resolve(ROOT, 'out/main/ganache-node.js')
  })
  onTestFinished(() => node.stop())
  const network = Network.from(BUNDLED_CHAIN_ID)
  const provider = new JsonRpcProvider(node.url, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    // ethers caches identical calls for 250 ms by default, which hands out a
    // stale nonce when transactions follow each other that fast.
    cacheTimeout: -1
  })
  provider.pollingInterval = 20
  onTestFinished(() => provider.destroy())
  const admin = Wallet.createRandom(provider)
  const handshaker = Wallet.createRandom()
  for (const account of [admin.address, handshaker.address]) {
    await jsonRpc(node.url, 'evm_setAccountBalance', [account, '0x56bc75e2d63100000'])
  }
  const store = LocalStore.open(join(dataDir, 'local.db'))
  onTestFinished(() => store.close())
  const wallets = clinicians.map((c) => ({ ...c, wallet: Wallet.createRandom() }))
  const deployment = await deployLedger({
    admin,
    handshakers: [handshaker.address],
    clinicians: wallets.map((c) => ({ address: c.wallet.address, role: c.role })),
    store
  })
  const users = wallets.map((c) =>
    store.users.create({
      username: c.username,
      displayName: c.username,
      role: c.role,
      address: c.wallet.address
    })
  )
  const patient = store.patients.insert({
    id: 'patient-1',
    pseudonym: `0x${randomBytes(32).toString('hex')}`,
    phi: Buffer.from('sealed'),
    createdBy: users[0]?.id ?? 0
  })
  return {
    dataDir,
    node,
    provider,
    admin,
    handshaker,
    store,
    deployment,
    wallets,
    users,
    patient,
    templates: defaultTemplates()
  }
}
