// One measurement of `npm run bench:verify`, in a Node process of its own so
// that its peak RSS is its own: bench/verify/run.mjs starts it once per
// engine, data set and kind, with the bundled node already running.
//
//   verify: verifyCloud over the whole cloud database (chain side, then rows),
//           as `mediblock verify` runs it; every record must verify.
//   read:   the limit: the same rows pulled page by page and each payload
//           decrypted, nothing checked.
//
// Prints one JSON object: seconds, the chain side's share (until the first
// pull), CPU time, and peak RSS (VmHWM) before and after.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { connectLedger } from './dataset.mjs'

const { values: args } = parseArgs({
  options: {
    core: { type: 'string' },
    kind: { type: 'string' },
    meta: { type: 'string' },
    'node-url': { type: 'string' },
    cloud: { type: 'string' }
  }
})
const core = createRequire(import.meta.url)(args.core)
const meta = JSON.parse(readFileSync(args.meta, 'utf8'))
const target = JSON.parse(args.cloud)

/** This process's peak resident set size so far, in bytes (Linux; null elsewhere). */
function peakRss() {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]
    return kb === undefined ? null : Number(kb) * 1024
  } catch {
    return null
  }
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const secrets = new core.DeviceSecrets(meta.secrets)
const client = await connectLedger(core, args['node-url'], meta)
const cloud = await core.CloudStore.open(target.settings, target.credentials, {
  sqlitePath: target.sqlitePath,
  workstationId: randomUUID()
})
try {
  await cloud.check()
  const n = meta.records
  // When the first page is asked for, the chain side is done.
  let firstPull = null
  // The heap, sampled (a page of an embedded database is read without a turn of the event
  // loop, so at each page too): peak RSS also counts garbage not yet collected.
  let peakHeap = 0
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  }
  // Where the chain side ends, what it keeps: the live heap once collected (run.mjs
  // starts this process with --expose-gc); the collection is left out of the time.
  let chainLiveHeap = null
  let paused = 0
  const pull = cloud.pull.bind(cloud)
  cloud.pull = (...a) => {
    if (firstPull === null && globalThis.gc) {
      const gcStarted = performance.now()
      globalThis.gc()
      chainLiveHeap = process.memoryUsage().heapUsed
      paused = performance.now() - gcStarted
    }
    firstPull ??= performance.now()
    sample()
    return pull(...a)
  }
  const rssBefore = peakRss()
  const sampler = setInterval(sample, 50)
  const cpuBefore = cpuMs()
  const started = performance.now()
  let rows = 0
  if (args.kind === 'verify') {
    const result = await core.verifyCloud({
      scan: {
        provider: client.provider,
        ledger: client.ledger,
        domain: client.domain,
        fromBlock: meta.deployBlock
      },
      cloud,
      secrets,
      chainId: meta.chainId,
      ledgerAddress: meta.ledgerAddress
    })
    if (result.checked !== n || result.verified !== n || result.problems.length > 0) {
      throw new Error(
        `verify checked ${result.checked}, verified ${result.verified} of ${n}; ` +
          `problems: ${JSON.stringify(result.problems.slice(0, 3))}`
      )
    }
    rows = result.verified
  } else {
    let cursor = null
    for (;;) {
      const page = await cloud.pull(cursor)
      for (const row of page.records) {
        secrets.decryptPhi(row.payload, row.tid)
        rows++
      }
      cursor = page.cursor
      if (!page.more) break
    }
    if (rows !== n) throw new Error(`read ${rows} rows, not ${n}`)
  }
  const ended = performance.now()
  clearInterval(sampler)
  console.log(
    JSON.stringify({
      kind: args.kind,
      rows,
      seconds: (ended - started - paused) / 1000,
      chainSeconds: args.kind === 'verify' ? (firstPull - started - paused) / 1000 : 0,
      rowSeconds: (ended - (firstPull ?? started)) / 1000,
      cpuMs: cpuMs() - cpuBefore,
      peakRssBefore: rssBefore,
      peakRss: peakRss(),
      peakHeapUsed: peakHeap,
      chainLiveHeap
    })
  )
} finally {
  await cloud.close()
  client.destroy()
}
