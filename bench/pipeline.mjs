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
// The core is TypeScript: it is bundled first (bench/launch.mjs),
// then measured in a fresh Node process (bench/pipeline/run.mjs), so that
// neither the bundler's memory nor its event loop counts against the pipeline.
import { launchBench } from './launch.mjs'

await launchBench('pipeline', { profileRunner: true })
