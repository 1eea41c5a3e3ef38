// The driving process of `npm run bench:verify` (bench/verify.mjs builds the
// core bundle, then starts this file in a fresh Node process). See
// docs/BENCHMARKS.md, "Audit (verify)".
//
// For each data set (10,000 and 100,000 records anchored on the bundled node,
// built once and cached, see dataset.mjs) and each engine (the embedded
// SQLite cloud, PostgreSQL from apt in a temp dir): the bundled node is
// started on a copy of the set's chain, the rows are in a copy of its
// cloud.db or pushed to a fresh PostgreSQL database, and measure.mjs runs in
// a process of its own, once to read and decrypt every row (the limit), once
// to verify (verifyCloud). Prints a table, then one JSON object as the last
// line.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import { mib, round, table } from '../pipeline/stats.mjs'
import { BATCH_SIZE, copyOf, dataset, pushRows, startNode, tidsOf } from './dataset.mjs'

const GOALS = { verifyPerSecond: 20_000 }

const { values: args } = parseArgs({
  options: {
    core: { type: 'string' },
    'node-entry': { type: 'string' },
    'cpu-prof-dir': { type: 'string' },
    'baseline-core': { type: 'string' },
    records: { type: 'string', default: '100000' },
    small: { type: 'string', default: '10000' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    rebuild: { type: 'boolean', default: false }
  }
})
const core = createRequire(import.meta.url)(args.core)
const sizes = [...new Set([Number(args.small), Number(args.records)])].filter((n) => n > 0)
const engines = args.engines.split(',')
const dir = mkdtempSync(join(tmpdir(), 'mediblock-bench-verify-'))
const log = (line) => process.stderr.write(`${line}\n`)

/** CPU time (user + system) a process has used so far, in ms, from /proc (null elsewhere). */
function cpuMsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime and stime, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return null
  }
}

/**
 * Runs measure.mjs once (with the core bundle `withCore`, this run's by
 * default); answers its JSON, with the node's CPU time meanwhile.
 */
function measure(kind, set, node, cloud, withCore = args.core) {
  const profile =
    kind === 'verify' && withCore === args.core && args['cpu-prof-dir']
      ? ['--cpu-prof', `--cpu-prof-dir=${args['cpu-prof-dir']}`]
      : []
  const nodeCpuBefore = cpuMsOf(node.pid)
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...profile,
        '--expose-gc',
        join(import.meta.dirname, 'measure.mjs'),
        '--core',
        withCore,
        '--kind',
        kind,
        '--meta',
        join(set.dir, 'meta.json'),
        '--node-url',
        node.url,
        '--cloud',
        JSON.stringify(cloud)
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    child.stdout.on('data', (chunk) => (out += chunk))
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`measure ${kind} exited with ${code}`))
      const nodeCpuAfter = cpuMsOf(node.pid)
      const result = JSON.parse(out.trim().split('\n').at(-1))
      result.nodeCpuMs =
        nodeCpuBefore === null || nodeCpuAfter === null ? null : nodeCpuAfter - nodeCpuBefore
      resolve(result)
    })
  })
}

/** The cloud each engine measures: a copy of the set's cloud.db, or a fresh PostgreSQL database. */
async function cloudFor(engine, set, postgres, into) {
  if (engine === 'sqlite') {
    return {
      target: {
        settings: { engine: 'sqlite' },
        credentials: {},
        sqlitePath: copyOf(set, 'cloud.db', into)
      },
      pushSeconds: null
    }
  }
  const d = await postgres.createDatabase()
  const settings = {
    engine: 'postgres',
    host: d.host,
    port: d.port,
    database: d.database,
    user: d.user,
    tls: { mode: 'off' }
  }
  const credentials = { password: d.password }
  const sqlitePath = join(into, 'unused-cloud.db')
  const started = performance.now()
  const store = core.LocalStore.open(copyOf(set, 'local.db', into))
  const cloud = await core.CloudStore.open(settings, credentials, {
    sqlitePath,
    workstationId: set.meta.workstationId
  })
  try {
    await cloud.migrate()
    await pushRows(core, store, cloud, tidsOf(set), set.meta)
  } finally {
    await cloud.close()
    store.close()
  }
  return {
    target: { settings, credentials, sqlitePath },
    pushSeconds: (performance.now() - started) / 1000
  }
}

const NAMES = { sqlite: 'embedded SQLite', postgres: 'PostgreSQL' }

try {
  const sets = {}
  for (const n of sizes) {
    const started = performance.now()
    sets[n] = await dataset(core, args['node-entry'], n, { rebuild: args.rebuild, log })
    const seconds = (performance.now() - started) / 1000
    log(
      sets[n].cached
        ? `data set of ${n}: cached (built in ${sets[n].meta.buildSeconds} s on ${sets[n].meta.builtAt}), copied in ${seconds.toFixed(1)} s`
        : `data set of ${n}: built in ${seconds.toFixed(1)} s ${JSON.stringify(sets[n].meta.buildTimes)}`
    )
  }
  const postgres = engines.includes('postgres') ? await core.PostgresServer.start() : null
  const results = []
  try {
    for (const n of sizes) {
      const set = sets[n]
      const into = mkdtempSync(join(dir, `set-${n}-`))
      const node = await startNode(core, args['node-entry'], copyOf(set, 'chain', into))
      try {
        for (const engine of engines) {
          const { target, pushSeconds } = await cloudFor(engine, set, postgres, into)
          // The limit first, so that both find the rows equally warm in the page cache.
          const read = await measure('read', set, node, target)
          // The code before a change, on the same rows right before it (--baseline-core).
          const baseline = args['baseline-core']
            ? await measure('verify', set, node, target, args['baseline-core'])
            : null
          const verify = await measure('verify', set, node, target)
          results.push({ engine, n, read, verify, baseline, pushSeconds })
          log(
            `${engine} ${n}: verify ${verify.seconds.toFixed(2)} s, read ${read.seconds.toFixed(2)} s` +
              (baseline ? `, baseline verify ${baseline.seconds.toFixed(2)} s` : '')
          )
        }
      } finally {
        await node.stop()
        rmSync(into, { recursive: true, force: true })
      }
    }
  } finally {
    await postgres?.dispose()
  }

  const figures = results.map((r) => ({
    engine: r.engine,
    records: r.n,
    verifyPerSecond: round(r.n / r.verify.seconds),
    verifySeconds: round(r.verify.seconds, 2),
    chainSeconds: round(r.verify.chainSeconds, 2),
    rowSeconds: round(r.verify.rowSeconds, 2),
    readPerSecond: round(r.n / r.read.seconds),
    readSeconds: round(r.read.seconds, 2),
    verifyOverRead: round(r.verify.seconds / r.read.seconds, 1),
    verifyCpuMs: round(r.verify.cpuMs),
    nodeCpuMs: r.verify.nodeCpuMs,
    verifyPeakRssMiB: mib(r.verify.peakRss),
    verifyRssBeforeMiB: mib(r.verify.peakRssBefore),
    verifyPeakHeapMiB: mib(r.verify.peakHeapUsed),
    chainLiveHeapMiB:
      r.verify.chainLiveHeap === null ? null : round(r.verify.chainLiveHeap / 2 ** 20, 1),
    readPeakRssMiB: mib(r.read.peakRss),
    readPeakHeapMiB: mib(r.read.peakHeapUsed),
    baseLiveHeapMiB:
      r.read.chainLiveHeap === null ? null : round(r.read.chainLiveHeap / 2 ** 20, 1),
    pushSeconds: r.pushSeconds === null ? null : round(r.pushSeconds, 1),
    baseline: r.baseline && {
      verifyPerSecond: round(r.n / r.baseline.seconds),
      verifySeconds: round(r.baseline.seconds, 2),
      chainSeconds: round(r.baseline.chainSeconds, 2),
      rowSeconds: round(r.baseline.rowSeconds, 2),
      verifyCpuMs: round(r.baseline.cpuMs),
      nodeCpuMs: r.baseline.nodeCpuMs,
      verifyPeakRssMiB: mib(r.baseline.peakRss),
      speedup: round(r.baseline.seconds / r.verify.seconds, 2)
    }
  }))
  console.log(
    table(
      [
        'engine',
        'records',
        'verify rec/s',
        'verify s',
        'chain s',
        'rows s',
        'read rec/s',
        'verify/read',
        'verify RSS MiB',
        'verify heap MiB',
        'read RSS MiB',
        'read heap MiB',
        'baseline rec/s'
      ],
      figures.map((f) => [
        NAMES[f.engine],
        f.records,
        f.verifyPerSecond,
        f.verifySeconds.toFixed(2),
        f.chainSeconds.toFixed(2),
        f.rowSeconds.toFixed(2),
        f.readPerSecond,
        f.verifyOverRead,
        f.verifyPeakRssMiB,
        f.verifyPeakHeapMiB,
        f.readPeakRssMiB,
        f.readPeakHeapMiB,
        f.baseline ? f.baseline.verifyPerSecond : '–'
      ])
    )
  )
  const largest = Math.max(...sizes)
  const smallest = Math.min(...sizes)
  const at = (engine, n) => figures.find((f) => f.engine === engine && f.records === n)
  const met = {}
  for (const engine of engines) {
    const big = at(engine, largest)
    const small = at(engine, smallest)
    met[engine] = {
      verifyPerSecond: big.verifyPerSecond >= GOALS.verifyPerSecond,
      // RSS growth from the small set to the large one, per record added.
      rssGrowthBytesPerRecord:
        largest === smallest
          ? null
          : round(
              ((big.verifyPeakRssMiB - small.verifyPeakRssMiB) * 2 ** 20) / (largest - smallest)
            )
    }
  }
  console.log(
    JSON.stringify({
      date: new Date().toISOString().slice(0, 10),
      batchSize: BATCH_SIZE,
      goals: GOALS,
      met,
      setup: Object.fromEntries(
        sizes.map((n) => [
          n,
          {
            buildSeconds: sets[n].meta.buildSeconds,
            steps: sets[n].meta.buildTimes,
            cached: sets[n].cached
          }
        ])
      ),
      results: figures
    })
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
