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
// The core is TypeScript: it is bundled first (bench/launch.mjs),
// then measured in a fresh Node process (bench/sync/run.mjs).
import { launchBench } from './launch.mjs'

await launchBench('sync', { profileRunner: true })
