// The verify bench's data set: a clinic whose records are really anchored on
// the bundled node, made as the app makes them (anchoredClinic in
// test/integration/audit does the same for the tamper drills). The ledger
// deployed with this workstation's handshaker, clinicians registered on
// chain, patients; vital-signs records checked against their template,
// signed by TG (generateRecord) and encrypted, queued, then drained by the
// TV at batch size 256 (real transactions, roots in contract state); every
// acknowledged row written to an embedded cloud database as `mediblock sync`
// writes it.
//
// TG signs with the clinician's key through ethers (~3 ms a record, five
// minutes for 100,000); here the key it is given signs through libsecp256k1
// instead (the same RFC 6979 signature, checked against ethers on the first
// record). Building still takes minutes, so the set is kept under
// node_modules/.cache, keyed by the files that decide its bytes, and a second
// run only copies it.
import { createHash, randomUUID } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { getBytes, hexlify, JsonRpcProvider, Network, Signature, Wallet } from 'ethers'
import pino from 'pino'
import secp256k1 from 'secp256k1'

const ROOT = resolve(import.meta.dirname, '../..')
const CACHE = join(ROOT, 'node_modules/.cache/mediblock-bench-verify-data')
const CLINICIANS = 4
const PATIENTS = 50
/** Records a batch transaction carries (the choice for a large backlog). */
export const BATCH_SIZE = 256
/** Rows a cloud write carries (the embedded engine's statement size). */
const PUSH_CHUNK = 500

/** Raise when this file changes how a data set is made: cached sets of other versions are left. */
const DATASET_VERSION = 1
/**
 * The files whose change makes a cached data set stale: the ledger (its
 * bytecode and ABI) and the cloud schema. A change to the record format
 * shows in the ledger; anything else that changes the bytes of a set
 * raises DATASET_VERSION (or run with --rebuild). Code that only computes
 * the same bytes faster keeps the cache.
 */
const KEYED = ['contracts/artifacts/MediBlockLedger.json']

function cacheKey() {
  const hash = createHash('sha256').update(`v${DATASET_VERSION}`)
  for (const file of KEYED) hash.update(file).update(readFileSync(join(ROOT, file)))
  const schema = join(ROOT, 'src/main/cloud/schema')
  for (const file of readdirSync(schema, { recursive: true }).sort()) {
    if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join(schema, file)))
  }
  return hash.digest('hex').slice(0, 12)
}

/** Vital signs within every rule of the template, varied so no two records match. */
function vitals(i) {
  return {
    heartRate: 55 + (i % 60),
    systolic: 100 + (i % 50),
    diastolic: 60 + (i % 30),
    temperature: 36 + (i % 20) / 10,
    respiratoryRate: 12 + (i % 8),
    assessment: 'Comfortable, no distress.'
  }
}

/** A clinician's key as TG uses it (`sign(digest)`), signing through libsecp256k1. */
function nativeSigningKey(wallet) {
  const privateKey = getBytes(wallet.privateKey)
  return {
    sign(digest) {
      const { signature, recid } = secp256k1.ecdsaSign(getBytes(digest), privateKey)
      return Signature.from({
        r: hexlify(signature.subarray(0, 32)),
        s: hexlify(signature.subarray(32)),
        v: 27 + recid
      })
    }
  }
}

/** Opens the bundled node on `chainDir` (its database kept there). */
export function startNode(core, nodeEntry, chainDir) {
  return core.BundledNode.start({ chainDir, log: pino({ level: 'silent' }), entry: nodeEntry })
}

/** The handshaker's ledger client on `url`, tuned as the CLI tunes it for the bundled node. */
export function connectLedger(core, url, meta) {
  const secrets = new core.DeviceSecrets(meta.secrets)
  return core.LedgerClient.connect({
    url,
    chainId: meta.chainId,
    address: meta.ledgerAddress,
    handshakerKey: secrets.handshakerWallet().privateKey,
    pollMs: 10
  })
}

async function build(core, nodeEntry, dir, n, log) {
  const times = {}
  let started = performance.now()
  const lap = (name) => {
    const now = performance.now()
    times[name] = Number(((now - started) / 1000).toFixed(1))
    started = now
  }
  const node = await startNode(core, nodeEntry, join(dir, 'chain'))
  const store = core.LocalStore.open(join(dir, 'local.db'))
  const network = Network.from(node.chainId)
  const provider = new JsonRpcProvider(node.url, network, {
    staticNetwork: network,
    batchMaxCount: 1,
    cacheTimeout: -1
  })
  provider.pollingInterval = 20
  let client
  let cloud
  try {
    const secretValues = core.generateDeviceSecretValues()
    const secrets = new core.DeviceSecrets(secretValues)
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
      return { user, wallet, role, key: nativeSigningKey(wallet) }
    })
    const deployment = await core.deployLedger({
      admin,
      handshakers: [secrets.handshakerAddress],
      clinicians: clinicians.map((c) => ({ address: c.wallet.address, role: c.role })),
      store
    })
    const meta = {
      records: n,
      secrets: secretValues,
      chainId: deployment.chainId,
      ledgerAddress: deployment.address,
      deployBlock: deployment.deployBlock,
      workstationId: randomUUID()
    }
    const patients = Array.from({ length: PATIENTS }, (_, i) => {
      const id = `patient-${i}`
      return store.patients.insert({
        id,
        pseudonym: secrets.pseudonym(id),
        phi: secrets.encryptPhi(JSON.stringify({ name: `Patient ${i}` }), id),
        createdBy: clinicians[0].user.id
      })
    })
    client = await connectLedger(core, node.url, meta)
    const template = core.defaultTemplates().find((t) => t.slug === 'vital-signs')
    if (!template) throw new Error('no vital-signs template')
    const hash = core.templateHash(template)
    lap('deploy')

    const tids = []
    for (let i = 0; i < n; i++) {
      const clinician = clinicians[i % CLINICIANS]
      const patient = patients[i % PATIENTS]
      const seq = store.users.takeSeq(clinician.user.id)
      const input = {
        template,
        templateHash: hash,
        patient: { id: patient.id, pseudonym: patient.pseudonym },
        author: {
          username: clinician.user.username,
          address: clinician.user.address,
          signingKey: clinician.key
        },
        attributes: core.checkAttributes(template, vitals(i)),
        seq
      }
      const generated = core.generateRecord(input, client.domain)
      if (i === 0) {
        // The native key must sign exactly as ethers does (RFC 6979, low s).
        const digest = core.recordDigest(client.domain, generated.chainRecord)
        const byEthers = Signature.from(clinician.wallet.signingKey.sign(digest))
        if (byEthers.compactSerialized !== generated.chainRecord.signature) {
          throw new Error('libsecp256k1 does not sign as ethers does')
        }
      }
      const { tid } = generated.document
      store.records.enqueue({
        tid,
        patientId: patient.id,
        templateId: template.id,
        templateVersion: template.version,
        authorId: clinician.user.id,
        seq,
        supersedes: null,
        payload: secrets.encryptPhi(generated.canonical, tid),
        chainRecord: JSON.stringify(generated.chainRecord)
      })
      tids.push(tid)
      if ((i + 1) % 20_000 === 0) log(`  signed ${i + 1} of ${n}`)
    }
    lap('sign')

    const validator = new core.TransactionValidator({
      store,
      client,
      log: pino({ level: 'silent' }),
      batchSize: BATCH_SIZE,
      onOutcome: (() => {
        let done = 0
        return (outcome) => {
          if (outcome.state !== 'anchored') {
            throw new Error(`record ${outcome.tid} refused: ${outcome.reasonName}`)
          }
          if (++done % 20_000 === 0) log(`  anchored ${done} of ${n}`)
        }
      })()
    })
    const anchored = await validator.drain()
    if (anchored !== n) throw new Error(`the TV acknowledged ${anchored} of ${n} records`)
    lap('anchor')

    cloud = await core.CloudStore.open(
      { engine: 'sqlite' },
      {},
      { sqlitePath: join(dir, 'cloud.db'), workstationId: meta.workstationId }
    )
    await cloud.migrate()
    await pushRows(core, store, cloud, tids, meta)
    lap('cloud')
    writeFileSync(join(dir, 'tids.txt'), `${tids.join('\n')}\n`)
    return { meta, times }
  } finally {
    await cloud?.close()
    client?.destroy()
    provider.destroy()
    store.close()
    await node.stop()
  }
}

/** Writes every acknowledged record of `tids` to `cloud`, as `mediblock sync` writes them. */
export async function pushRows(core, store, cloud, tids, meta) {
  const context = {
    workstationId: meta.workstationId,
    chainId: meta.chainId,
    ledgerAddress: meta.ledgerAddress
  }
  for (let i = 0; i < tids.length; i += PUSH_CHUNK) {
    const rows = tids.slice(i, i + PUSH_CHUNK).map((tid) => {
      const record = store.sync.outgoing(tid)
      if (!record || record.reason !== 0) throw new Error(`record ${tid} is not anchored`)
      return core.cloudRecordRow(record, context)
    })
    await cloud.upsertRecords(rows)
  }
  const count = await cloud.countRecords()
  if (count !== tids.length) throw new Error(`the cloud holds ${count} of ${tids.length} records`)
}

/**
 * The data set of `n` records: its folder (chain/, local.db, cloud.db,
 * tids.txt, meta.json), built now or taken from the cache. Answers the
 * folder, the meta (secrets, ledger, deploy block) and how long building took.
 */
export async function dataset(core, nodeEntry, n, { rebuild = false, log }) {
  const dir = join(CACHE, `${cacheKey()}-${n}`)
  if (rebuild) rmSync(dir, { recursive: true, force: true })
  if (existsSync(join(dir, 'meta.json'))) {
    const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))
    return { dir, meta, cached: true }
  }
  const building = `${dir}.building`
  rmSync(building, { recursive: true, force: true })
  mkdirSync(building, { recursive: true })
  log(`building a data set of ${n} anchored records (kept in ${dir})`)
  const started = performance.now()
  const { meta, times } = await build(core, nodeEntry, building, n, log)
  meta.buildSeconds = Number(((performance.now() - started) / 1000).toFixed(1))
  meta.buildTimes = times
  meta.builtAt = new Date().toISOString()
  writeFileSync(join(building, 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`)
  renameSync(building, dir)
  return { dir, meta, cached: false }
}

/** A working copy of a data set's `name` (the cached one is never written by a measurement). */
export function copyOf(set, name, into) {
  const target = join(into, name)
  cpSync(join(set.dir, name), target, { recursive: true })
  return target
}

/** The data set's tids, in the order they were made. */
export function tidsOf(set) {
  return readFileSync(join(set.dir, 'tids.txt'), 'utf8').trim().split('\n')
}
