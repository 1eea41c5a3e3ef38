import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { JsonRpcProvider, Network, Wallet } from 'ethers'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import { deployLedger } from '../../../src/main/chain/deploy-ledger'
import { anchoredRoot } from '../../../src/main/chain/ledger-artifact'
import { BUNDLED_CHAIN_ID, BundledNode } from '../../../src/main/chain/node/bundled-node'
import type { CloudStore } from '../../../src/main/cloud'
import { LedgerClient } from '../../../src/main/handshaker/ledger-client'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import { TransactionValidator } from '../../../src/main/handshaker/transaction-validator'
import { DeviceSecrets, generateDeviceSecretValues } from '../../../src/main/keys/device-secrets'
import { LocalStore } from '../../../src/main/store/local-store'
import {
  cloudRecordRow,
  rejectedRecordRow,
  type RowContext
} from '../../../src/main/sync/cloud-rows'
import type { VerifyContext } from '../../../src/main/sync/verify-cloud-record'
import type { ScanOptions } from '../../../src/main/audit/anchored-records'
import { templateHash } from '../../../src/shared/templates'
import { ROOT } from '../../support/cli'
import { jsonRpc } from '../../support/json-rpc'
import { silentLog } from '../../support/ledger-fixture'

const CLINICIANS = 3
const PATIENTS = 40
/** Heart rates the vital-signs template refuses on chain (beyond its range). */
const REFUSED_HEART_RATE = 400

/**
 * One clinic with real anchors, for audits: the bundled node, the ledger
 * deployed with this workstation's handshaker, clinicians registered, and
 * `records` vital-signs records signed, encrypted under the clinic data key
 * and anchored by the TV at the default batch size; every `refuseEvery`-th
 * one is refused by the contract. The records are the workstation's own
 * copies (what `restore` rewrites from); `pushTo` writes them to a cloud
 * as `mediblock sync` does.
 */
export async function anchoredClinic(records: number, refuseEvery = 250) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-audit-'))
  const node = await BundledNode.start({
    chainDir: join(dataDir, 'chain'),
    log: silentLog,
    entry: resolve(ROOT, 'out/main/ganache-node.js')
  })
  const network = Network.from(BUNDLED_CHAIN_ID)
  const provider = new JsonRpcProvider(node.url, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    cacheTimeout: -1
  })
  provider.pollingInterval = 20
  const secrets = new DeviceSecrets(generateDeviceSecretValues())
  const admin = Wallet.createRandom(provider)
  for (const account of [admin.address, secrets.handshakerAddress]) {
    await jsonRpc(node.url, 'evm_setAccountBalance', [account, '0x56bc75e2d63100000'])
  }
  const store = LocalStore.open(join(dataDir, 'local.db'))
  const wallets = Array.from({ length: CLINICIANS }, () => Wallet.createRandom())
  const deployment = await deployLedger({
    admin,
    handshakers: [secrets.handshakerAddress],
    clinicians: wallets.map((w, i) => ({ address: w.address, role: i % 2 ? 'doctor' : 'nurse' })),
    store
  })
  const users = wallets.map((w, i) =>
    store.users.create({
      username: `clinician${i}`,
      displayName: `Clinician ${i}`,
      role: i % 2 ? 'doctor' : 'nurse',
      address: w.address
    })
  )
  const patients = Array.from({ length: PATIENTS }, (_, i) =>
    store.patients.insert({
      id: `patient-${i}`,
      pseudonym: secrets.pseudonym(`patient-${i}`),
      phi: secrets.encryptPhi(JSON.stringify({ name: `Patient ${i}` }), `patient-${i}`),
      createdBy: users[0]!.id
    })
  )
  const client = await LedgerClient.connect({
    url: node.url,
    chainId: deployment.chainId,
    address: deployment.address,
    handshakerKey: secrets.handshakerWallet().privateKey,
    pollMs: 10
  })
  const vitals = defaultTemplates().find((t) => t.slug === 'vital-signs')!
  const hash = templateHash(vitals)
  const tids: string[] = []
  for (let i = 0; i < records; i++) {
    const author = users[i % CLINICIANS]!
    const patient = patients[i % PATIENTS]!
    const seq = store.users.takeSeq(author.id)
    const refused = i % refuseEvery === refuseEvery - 1
    const g = generateRecord(
      {
        template: vitals,
        templateHash: hash,
        patient: { id: patient.id, pseudonym: patient.pseudonym },
        author: {
          username: author.username,
          address: author.address,
          signingKey: wallets[i % CLINICIANS]!.signingKey
        },
        attributes: {
          heartRate: refused ? REFUSED_HEART_RATE : 55 + (i % 60),
          systolic: 100 + (i % 50),
          diastolic: 60 + (i % 30),
          temperature: 36 + (i % 20) / 10
        },
        seq
      },
      client.domain
    )
    store.records.enqueue({
      tid: g.document.tid,
      patientId: patient.id,
      templateId: vitals.id,
      templateVersion: vitals.version,
      authorId: author.id,
      seq,
      supersedes: null,
      payload: secrets.encryptPhi(g.canonical, g.document.tid),
      chainRecord: JSON.stringify(g.chainRecord)
    })
    tids.push(g.document.tid)
  }
  await new TransactionValidator({ store, client, log: silentLog }).drain()

  const context: RowContext = {
    workstationId: randomUUID(),
    chainId: deployment.chainId,
    ledgerAddress: deployment.address
  }
  const scan: ScanOptions = {
    provider: client.provider,
    ledger: client.ledger,
    domain: client.domain,
    fromBlock: deployment.deployBlock
  }
  const verifyContext: VerifyContext = {
    chainId: deployment.chainId,
    ledgerAddress: deployment.address,
    domain: client.domain,
    secrets,
    rootOf: (chainBatch) => anchoredRoot(client.ledger, chainBatch)
  }
  return {
    store,
    secrets,
    client,
    context,
    scan,
    verifyContext,
    tids,
    /** The tids the contract refused. */
    refused: tids.filter((_, i) => i % refuseEvery === refuseEvery - 1),
    /** Writes every acknowledged record (refusals to the audit table) to `cloud`. */
    async pushTo(cloud: CloudStore): Promise<void> {
      const accepted = tids
        .map((tid) => store.sync.outgoing(tid))
        .filter((r) => r !== undefined && r.reason === 0)
        .map((r) => cloudRecordRow(r!, context))
      for (let i = 0; i < accepted.length; i += 500) {
        await cloud.upsertRecords(accepted.slice(i, i + 500))
      }
      const refused = tids
        .map((tid) => store.sync.outgoing(tid))
        .filter((r) => r !== undefined && r.reason !== 0)
        .map((r) => rejectedRecordRow(r!, context))
      await cloud.insertRejected(refused)
    },
    async close() {
      client.destroy()
      provider.destroy()
      store.close()
      await node.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

export type AnchoredClinic = Awaited<ReturnType<typeof anchoredClinic>>
