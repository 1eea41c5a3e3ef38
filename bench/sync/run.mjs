// The measuring process of `npm run bench:sync` (bench/sync.mjs builds the
// core bundle, then starts this file in a fresh Node process). See
// docs/BENCHMARKS.md, "Cloud sync".
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseArgs } from 'node:util'
import { round, table } from '../pipeline/stats.mjs'
import { buildBacklog } from './backlog.mjs'
import { plainMysql, plainPostgres, plainSqlite } from './plain-insert.mjs'

const GOALS = { pushPerSecond: 2000, backlogSeconds: 15 }

const { values: args } = parseArgs({
  options: {
    core: { type: 'string' },
    // The bundled node's entry, which bench/launch.mjs builds for every bench (unused here).
    'node-entry': { type: 'string' },
    // Read by bench/sync.mjs, which starts this process under --cpu-prof.
    'cpu-prof-dir': { type: 'string' },
    records: { type: 'string', default: '10000' },
    engines: { type: 'string', default: 'sqlite,postgres,mysql' }
  }
})
const core = createRequire(import.meta.url)(args.core)
const n = Number(args.records)
const engines = args.engines.split(',')
const dir = mkdtempSync(join(tmpdir(), 'mediblock-bench-sync-'))

/** A fresh copy of the backlog's local store (the pristine one is never pushed). */
let copies = 0
function localCopy(pristine) {
  const path = join(dir, `local-${++copies}.db`)
  copyFileSync(pristine, path)
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(pristine + suffix)) copyFileSync(pristine + suffix, path + suffix)
  }
  return core.LocalStore.open(path)
}

/**
 * The store's sync repo and the cloud store, with the time spent in each
 * step of a push added up: reading the outbox, the cloud write (with its
 * row checks), and marking records synced. What is left is mapping rows.
 */
function timed(store, cloud) {
  const spent = { dueForCloud: 0, upsertRecords: 0, markSynced: 0 }
  const wrap = (target, name) => {
    const original = target[name].bind(target)
    target[name] = (...a) => {
      const started = performance.now()
      const result = original(...a)
      if (result instanceof Promise) {
        return result.finally(() => (spent[name] += performance.now() - started))
      }
      spent[name] += performance.now() - started
      return result
    }
  }
  wrap(store.sync, 'dueForCloud')
  wrap(store.sync, 'markSynced')
  wrap(cloud, 'upsertRecords')
  return spent
}

/** One pushOutbox over a fresh copy of the backlog; its time, and where it went. */
async function push(pristine, context, cloud, { before } = {}) {
  const store = localCopy(pristine)
  try {
    const app = { store }
    if (before) await before(app)
    const waiting = store.sync.outboxState().waiting
    if (waiting !== n) throw new Error(`the outbox holds ${waiting}, not ${n}`)
    await waitUntilAllDue(store)
    const spent = timed(store, cloud)
    const started = performance.now()
    const result = await core.pushOutbox(app, cloud, context)
    const seconds = (performance.now() - started) / 1000
    const left = store.sync.outboxState().waiting
    if (result.pushed !== n || left !== 0 || result.conflicts.length > 0) {
      throw new Error(
        `pushed ${result.pushed} of ${n}, ${left} left, ${result.conflicts.length} conflicts`
      )
    }
    return { seconds, spent }
  } finally {
    store.close()
  }
}

/** Waits until every outbox record is due again (the first batch backs off after a failed round). */
async function waitUntilAllDue(store) {
  while (store.sync.dueForCloud(n + 1, new Date()).length < n) await sleep(50)
}

/** The same rows as the cloud stores them (parsed, numbered, with a write time). */
function cloudRows(pristine, context) {
  const store = localCopy(pristine)
  try {
    const due = store.sync.dueForCloud(n + 1, new Date('9999-01-01'))
    const at = new Date().toISOString()
    const parsed = core.parseRows(
      core.CloudRecordInput,
      due.map((r) => core.cloudRecordRow(r, context))
    )
    return parsed.map((r, i) => core.toRecordRow(r, i + 1, at))
  } finally {
    store.close()
  }
}

/** A fresh, migrated cloud database on `engine`: how to open it as the app does, and raw. */
async function freshCloud(engine, servers, context) {
  let settings
  let credentials = {}
  let raw
  const sqlitePath = join(dir, `cloud-${++copies}.db`)
  if (engine === 'sqlite') {
    settings = { engine: 'sqlite' }
    raw = sqlitePath
  } else {
    const server = servers[engine]
    const d = await server.createDatabase()
    settings = {
      engine,
      host: d.host,
      port: d.port,
      database: d.database,
      user: d.user,
      // Loopback; the same for the push and the plain inserts.
      tls: { mode: 'off' }
    }
    credentials = { password: d.password }
    raw = { host: d.host, port: d.port, database: d.database, user: d.user, password: d.password }
  }
  const cloud = await core.CloudStore.open(settings, credentials, {
    sqlitePath,
    workstationId: context.workstationId
  })
  await cloud.migrate()
  await cloud.check()
  return { cloud, raw }
}

const PLAIN = { sqlite: plainSqlite, postgres: plainPostgres, mysql: plainMysql }

/** Push, backlog after an outage, and plain inserts on one engine. */
async function measure(engine, servers, pristine, context, rows) {
  const plainTarget = await freshCloud(engine, servers, context)
  await plainTarget.cloud.close()
  const plainSeconds = await PLAIN[engine](plainTarget.raw, rows, core.PUSH_BATCH)

  const pushed = await freshCloud(engine, servers, context)
  let pushRun
  try {
    pushRun = await push(pristine, context, pushed.cloud)
    const count = await pushed.cloud.countRecords()
    if (count !== n) throw new Error(`the cloud holds ${count} records, not ${n}`)
  } finally {
    await pushed.cloud.close()
  }

  // After an outage: the server goes away with the whole backlog still in
  // the outbox; a sync round fails (its first batch backs off), the server
  // comes back, and once the backoff has passed one push drains it all.
  let backlog = null
  const server = servers[engine]
  if (server) {
    const outage = await freshCloud(engine, servers, context)
    try {
      backlog = await push(pristine, context, outage.cloud, {
        async before(app) {
          await server.stop()
          let refused = null
          try {
            await core.pushOutbox(app, outage.cloud, context)
          } catch (error) {
            refused = error
          }
          if (refused?.code !== 'UNAVAILABLE') {
            throw new Error(`a push during the outage answered ${refused?.code ?? 'success'}`)
          }
          await server.restart()
        }
      })
    } finally {
      await outage.cloud.close()
    }
  }
  return { engine, plainSeconds, push: pushRun, backlog }
}

const NAMES = { sqlite: 'embedded SQLite', postgres: 'PostgreSQL', mysql: 'MariaDB' }

try {
  const pristine = join(dir, 'backlog.db')
  const built = performance.now()
  const context = buildBacklog(core, pristine, n)
  const buildSeconds = (performance.now() - built) / 1000
  process.stderr.write(
    `backlog of ${n} acknowledged records built in ${buildSeconds.toFixed(1)} s\n`
  )
  const rows = cloudRows(pristine, context)
  const servers = {}
  if (engines.includes('postgres')) servers.postgres = await core.PostgresServer.start()
  if (engines.includes('mysql')) servers.mysql = await core.MariadbServer.start()
  const results = []
  try {
    for (const engine of engines) {
      results.push(await measure(engine, servers, pristine, context, rows))
      process.stderr.write(`${engine} done\n`)
    }
  } finally {
    for (const server of Object.values(servers)) await server.dispose()
  }

  const figures = {}
  for (const r of results) {
    const pushSeconds = r.push.seconds
    const backlogSeconds = r.backlog?.seconds ?? pushSeconds
    const ms = r.push.spent
    figures[r.engine] = {
      pushPerSecond: round(n / pushSeconds),
      pushSeconds: round(pushSeconds, 2),
      plainPerSecond: round(n / r.plainSeconds),
      plainSeconds: round(r.plainSeconds, 2),
      pushOverPlain: round(pushSeconds / r.plainSeconds, 1),
      backlogSeconds: round(backlogSeconds, 2),
      backlogAfterOutage: r.backlog !== null,
      backlogOverPlain: round(backlogSeconds / r.plainSeconds, 1),
      pushMs: {
        readOutbox: round(ms.dueForCloud),
        cloudWrite: round(ms.upsertRecords),
        markSynced: round(ms.markSynced),
        other: round(pushSeconds * 1000 - ms.dueForCloud - ms.upsertRecords - ms.markSynced)
      }
    }
  }
  console.log(
    table(
      [
        'engine',
        'push rec/s',
        'plain rec/s',
        'push/plain',
        `backlog ${n}`,
        'backlog/plain',
        'outbox ms',
        'cloud ms',
        'mark ms',
        'other ms'
      ],
      results.map(({ engine }) => {
        const f = figures[engine]
        return [
          NAMES[engine],
          f.pushPerSecond,
          f.plainPerSecond,
          f.pushOverPlain,
          `${f.backlogSeconds.toFixed(2)} s${f.backlogAfterOutage ? '' : ' *'}`,
          f.backlogOverPlain,
          f.pushMs.readOutbox,
          f.pushMs.cloudWrite,
          f.pushMs.markSynced,
          f.pushMs.other
        ]
      })
    )
  )
  if (results.some((r) => r.backlog === null)) {
    console.log('* the embedded file cannot be unreachable: its backlog is the push of all records')
  }
  // null: the engine was not measured in this run (--engines).
  const pushMet = (f) => (f === undefined ? null : f.pushPerSecond >= GOALS.pushPerSecond)
  const met = {
    pushSqlite: pushMet(figures.sqlite),
    pushPostgres: pushMet(figures.postgres),
    backlog: Object.values(figures).every((f) => f.backlogSeconds < GOALS.backlogSeconds)
  }
  console.log(
    JSON.stringify({
      date: new Date().toISOString().slice(0, 10),
      records: n,
      pushBatch: core.PUSH_BATCH,
      goals: GOALS,
      met,
      engines: figures
    })
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
