// Pipeline benchmark (npm run bench:pipeline): on the bundled node (ganache in
// its own process), the drain rate of a backlog of signed records at batch
// sizes 1, 16, 64 and 256; signing time per record; single-record submit → ACK
// latency on an idle pipeline; the event-loop delay p99 of the driving process
// during a 10,000-record drain; the CPU time each process spends a record;
// peak RSS of both processes. Prints a table, then one JSON object as the last
// line.
//
//   npm run bench:pipeline [-- --records 2048 --big-records 10000 --latency-runs 100]
//   npm run bench:pipeline -- --cpu-prof-dir /tmp/prof   (V8 CPU profile of the driver)
//
// The core is TypeScript: it is bundled first (bench/pipeline/build-core.mjs),
// then measured in a fresh Node process (bench/pipeline/run.mjs), so that
// neither the bundler's memory nor its event loop counts against the pipeline.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildCore } from './pipeline/build-core.mjs'

// Every option goes on to run.mjs, which also knows --cpu-prof-dir (and ignores it).
const { values } = parseArgs({ options: { 'cpu-prof-dir': { type: 'string' } }, strict: false })

const { core, nodeEntry } = await buildCore()
const nodeArgs = values['cpu-prof-dir']
  ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`]
  : []
const child = spawn(
  process.execPath,
  [
    ...nodeArgs,
    join(import.meta.dirname, 'pipeline/run.mjs'),
    '--core',
    core,
    '--node-entry',
    nodeEntry,
    ...process.argv.slice(2)
  ],
  { stdio: 'inherit' }
)
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
