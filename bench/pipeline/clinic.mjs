// A throwaway clinic for one bench scenario: the bundled node (ganache in its
// own process) on a fresh data dir, the ledger deployed as `mediblock init`
// deploys it, clinicians registered on chain, patients, the local store and
// the handshaker's ledger client, tuned as the CLI tunes it for the bundled
// node (poll every 10 ms, no confirmations).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonRpcProvider, Network, Wallet } from 'ethers'
import pino from 'pino'

const CLINICIANS = 4
const PATIENTS = 50

/** Peak resident set size of a process in bytes, from /proc (Linux only; null elsewhere). */
export function peakRssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]
    return kb === undefined ? null : Number(kb) * 1024
  } catch {
    return null
  }
}

/** Clock ticks a second, as /proc/<pid>/stat counts CPU time. */
let clockTicks = null
function ticksPerSecond() {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      clockTicks = 100
    }
  }
  return clockTicks
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (null elsewhere). */
export function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond()
  } catch {
    return null
  }
}

/**
 * Starts a node (its child entry built beside the core bundle), deploys a
 * ledger and opens a store; `close()` undoes it all.
 */
export async function openClinic(core, nodeEntry) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-bench-pipeline-'))
  const log = pino({ level: 'silent' })
  const node = await core.BundledNode.start({
    chainDir: join(dataDir, 'chain'),
    log,
    entry: nodeEntry
  })
  const store = core.LocalStore.open(join(dataDir, 'local.db'))
  const secrets = new core.DeviceSecrets(core.generateDeviceSecretValues())
  const network = Network.from(node.chainId)
  const provider = new JsonRpcProvider(node.url, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    cacheTimeout: -1
  })
  // deployLedger waits for a dozen receipts; ethers polls every 4 s by default.
  provider.pollingInterval = 20
  const admin = Wallet.createRandom(provider)
  for (const address of [admin.address, secrets.handshakerAddress]) {
    await core.fundOnBundledNode(node, address)
  }
  const clinicians = Array.from({ length: CLINICIANS }, (_, i) => {
    const wallet = Wallet.createRandom()
    const role = i % 2 === 0 ? 'nurse' : 'doctor'
    const user = store.users.create({
      username: `clinician${i}`,
      displayName: `Clinician ${i}`,
      role,
      address: wallet.address
    })
    return { user, wallet, role }
  })
  const deployment = await core.deployLedger({
    admin,
    handshakers: [secrets.handshakerAddress],
    clinicians: clinicians.map((c) => ({ address: c.wallet.address, role: c.role })),
    store
  })
  provider.destroy()
  const patients = Array.from({ length: PATIENTS }, (_, i) => {
    const id = `patient-${i}`
    return store.patients.insert({
      id,
      pseudonym: secrets.pseudonym(id),
      phi: secrets.encryptPhi(JSON.stringify({ name: `Patient ${i}` }), id),
      createdBy: clinicians[0].user.id
    })
  })
  const client = await core.LedgerClient.connect({
    url: node.url,
    chainId: deployment.chainId,
    address: deployment.address,
    handshakerKey: secrets.handshakerWallet().privateKey,
    pollMs: 10
  })
  return {
    log,
    node,
    store,
    secrets,
    client,
    clinicians,
    patients,
    /** The node child's peak RSS so far, in bytes (null where /proc is missing). */
    nodePeakRss: () => (node.pid === undefined ? null : peakRssOf(node.pid)),
    /** The node child's CPU time so far, in ms (null where /proc is missing). */
    nodeCpuMs: () => (node.pid === undefined ? null : cpuMsOf(node.pid)),
    async close() {
      client.destroy()
      await node.stop()
      store.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
