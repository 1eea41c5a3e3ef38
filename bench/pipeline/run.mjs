// The measuring process of `npm run bench:pipeline` (bench/pipeline.mjs builds
// the core bundle, then starts this file in a fresh Node process so that its
// RSS and event loop are the pipeline's alone). See docs/BENCHMARKS.md.
import { createRequire } from 'node:module'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { enterBacklog, makeEnterer } from './backlog.mjs'
import { openClinic } from './clinic.mjs'
import { mean, mib, quantile, round, table } from './stats.mjs'

const GOALS = { drainPerSecond: 250, latencyP95Ms: 300, eventLoopP99Ms: 50 }

const { values: args } = parseArgs({
  options: {
    core: { type: 'string' },
    'node-entry': { type: 'string' },
    // Read by bench/pipeline.mjs, which starts this process under --cpu-prof.
    'cpu-prof-dir': { type: 'string' },
    sizes: { type: 'string', default: '1,16,64,256' },
    // Per drain: enough batches at every size for a steady rate.
    records: { type: 'string', default: '2048' },
    'records-batch1': { type: 'string', default: '200' },
    'big-records': { type: 'string', default: '10000' },
    'latency-runs': { type: 'string', default: '100' }
  }
})
const core = createRequire(import.meta.url)(args.core)
const sizes = args.sizes.split(',').map(Number)
/** The TV's own default batch size, which the app runs with. */
const DEFAULT_BATCH = core.DEFAULT_BATCH_SIZE

/** The node child's highest peak RSS across scenarios. */
let nodePeakRss = null
const notePeak = (clinic) => {
  const peak = clinic.nodePeakRss()
  if (peak !== null) nodePeakRss = Math.max(nodePeakRss ?? 0, peak)
}

/** Drains a backlog of `n` signed, queued records at `batchSize`; times queue → last ACK. */
async function drainBacklog(batchSize, n, { monitor = false } = {}) {
  const clinic = await openClinic(core, args['node-entry'])
  try {
    const signMs = enterBacklog(makeEnterer(core, clinic), n)
    const tv = new core.TransactionValidator({
      store: clinic.store,
      client: clinic.client,
      log: clinic.log,
      batchSize
    })
    const histogram = monitorEventLoopDelay({ resolution: 10 })
    if (monitor) histogram.enable()
    const nodeCpuBefore = clinic.nodeCpuMs()
    const driverCpuBefore = process.cpuUsage()
    const started = performance.now()
    const acked = await tv.drain()
    const seconds = (performance.now() - started) / 1000
    const driverCpu = process.cpuUsage(driverCpuBefore)
    const nodeCpuAfter = clinic.nodeCpuMs()
    histogram.disable()
    const counts = clinic.store.records.countByState()
    if (acked !== n || counts.anchored !== n) {
      throw new Error(`drained ${acked} of ${n}; ${JSON.stringify(counts)}`)
    }
    notePeak(clinic)
    return {
      batchSize,
      records: n,
      seconds,
      perSecond: n / seconds,
      signMs,
      // Where the drain's time goes: CPU time of each process per record.
      cpuMsPerRecord: {
        driver: (driverCpu.user + driverCpu.system) / 1000 / n,
        node:
          nodeCpuBefore === null || nodeCpuAfter === null
            ? null
            : (nodeCpuAfter - nodeCpuBefore) / n
      },
      eventLoop: monitor
        ? { p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 }
        : null
    }
  } finally {
    await clinic.close()
  }
}

/** Single records on an idle pipeline: enqueue → ACK written, one at a time. */
async function latency(runs) {
  const clinic = await openClinic(core, args['node-entry'])
  try {
    const enter = makeEnterer(core, clinic)
    let ackedAt = 0
    const tv = new core.TransactionValidator({
      store: clinic.store,
      client: clinic.client,
      log: clinic.log,
      onOutcome: () => (ackedAt = performance.now())
    })
    const samples = []
    const warmUp = 5
    for (let i = 0; i < warmUp + runs; i++) {
      const { enqueuedAt } = enter()
      if ((await tv.drain()) !== 1) throw new Error('one record, one ACK expected')
      if (i >= warmUp) samples.push(ackedAt - enqueuedAt)
      // Idle between records, as a clinician's entries are.
      await sleep(50)
    }
    notePeak(clinic)
    return samples
  } finally {
    await clinic.close()
  }
}

const drains = []
for (const size of sizes) {
  const n = size === 1 ? Number(args['records-batch1']) : Number(args.records)
  drains.push(await drainBacklog(size, n))
  process.stderr.write(`batch ${size}: ${round(drains.at(-1).perSecond, 1)} records/s\n`)
}
const big = await drainBacklog(DEFAULT_BATCH, Number(args['big-records']), { monitor: true })
process.stderr.write(`${big.records}-record drain: ${round(big.perSecond, 1)} records/s\n`)
const latencies = await latency(Number(args['latency-runs']))

const sign = big.signMs
const result = {
  date: new Date().toISOString().slice(0, 10),
  drain: Object.fromEntries(drains.map((d) => [d.batchSize, round(d.perSecond, 1)])),
  drainRecords: Object.fromEntries(drains.map((d) => [d.batchSize, d.records])),
  cpuMsPerRecord: Object.fromEntries(
    [...drains, big].map((d, i) => [
      i === drains.length ? `${d.batchSize}x${d.records}` : d.batchSize,
      { driver: round(d.cpuMsPerRecord.driver, 2), node: round(d.cpuMsPerRecord.node, 2) }
    ])
  ),
  bigDrain: {
    batchSize: big.batchSize,
    records: big.records,
    seconds: round(big.seconds, 1),
    perSecond: round(big.perSecond, 1),
    eventLoopP99Ms: round(big.eventLoop.p99Ms, 1),
    eventLoopMaxMs: round(big.eventLoop.maxMs, 1)
  },
  signMs: {
    mean: round(mean(sign), 2),
    p50: round(quantile(sign, 0.5), 2),
    p95: round(quantile(sign, 0.95), 2)
  },
  latencyMs: {
    runs: latencies.length,
    p50: round(quantile(latencies, 0.5), 1),
    p95: round(quantile(latencies, 0.95), 1),
    max: round(Math.max(...latencies), 1)
  },
  peakRssMiB: { driver: mib(process.resourceUsage().maxRSS * 1024), node: mib(nodePeakRss) },
  goals: GOALS,
  ratios: {
    drainOverGoal: round(big.perSecond / GOALS.drainPerSecond, 2),
    latencyP95OverGoal: round(quantile(latencies, 0.95) / GOALS.latencyP95Ms, 2),
    eventLoopP99OverGoal: round(big.eventLoop.p99Ms / GOALS.eventLoopP99Ms, 2)
  }
}

const rows = [
  ...drains.map((d) => [
    `drain, batch ${d.batchSize} (${d.records} records)`,
    `${round(d.perSecond, 1)} records/s`,
    `${round(d.perSecond / GOALS.drainPerSecond, 2)}`
  ]),
  [
    `drain, batch ${big.batchSize} (${big.records} records)`,
    `${result.bigDrain.perSecond} records/s`,
    `${result.ratios.drainOverGoal}`
  ],
  [
    'event-loop delay p99 during it',
    `${result.bigDrain.eventLoopP99Ms} ms`,
    `${result.ratios.eventLoopP99OverGoal}`
  ],
  ['event-loop delay max during it', `${result.bigDrain.eventLoopMaxMs} ms`, ''],
  ['CPU a record during it, driver', `${round(big.cpuMsPerRecord.driver, 2)} ms`, ''],
  ['CPU a record during it, node', `${round(big.cpuMsPerRecord.node, 2) ?? 'n/a'} ms`, ''],
  ['signing (generateRecord), mean', `${result.signMs.mean} ms`, ''],
  ['submit → ACK, idle, p50', `${result.latencyMs.p50} ms`, ''],
  ['submit → ACK, idle, p95', `${result.latencyMs.p95} ms`, `${result.ratios.latencyP95OverGoal}`],
  ['peak RSS, driving process', `${result.peakRssMiB.driver} MiB`, ''],
  ['peak RSS, node process', `${result.peakRssMiB.node ?? 'n/a'} MiB`, '']
]
console.log(table(['measure', 'value', 'of goal'], rows))
console.log(JSON.stringify(result))
