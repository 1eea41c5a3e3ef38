// Cloud sync benchmark (npm run bench:sync): records/s pushed by pushOutbox to
// the embedded SQLite cloud, PostgreSQL and MariaDB (both from apt, started
// in temp dirs on loopback ports), the time to drain a backlog of 10,000
// acknowledged records after an outage of the server, and the time of plain
// multi-row INSERTs of the same rows through the same driver (the limit).
// Prints a table, then one JSON object as the last line.
//
//   npm run bench:sync [-- --records 10000 --engines sqlite,postgres,mysql]
//   npm run bench:sync -- --cpu-prof-dir /tmp/prof   (V8 CPU profile of the measuring process)
//
// The core is TypeScript: it is bundled first (bench/sync/build-core.mjs),
// then measured in a fresh Node process (bench/sync/run.mjs).
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { buildCore } from './sync/build-core.mjs'

const { values } = parseArgs({ options: { 'cpu-prof-dir': { type: 'string' } }, strict: false })

const core = await buildCore()
const nodeArgs = values['cpu-prof-dir']
  ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`]
  : []
const child = spawn(
  process.execPath,
  [
    ...nodeArgs,
    join(import.meta.dirname, 'sync/run.mjs'),
    '--core',
    core,
    ...process.argv.slice(2)
  ],
  { stdio: 'inherit' }
)
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
