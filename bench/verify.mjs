// Audit benchmark (npm run bench:verify): records/s verified by verifyCloud
// (`mediblock verify`: every anchored record read from its batch's calldata,
// every cloud row checked against the chain) on 100,000 records really
// anchored on the bundled node, in the embedded SQLite cloud and in
// PostgreSQL (from apt, started in a temp dir on a loopback port); peak RSS
// at 10,000 and at 100,000 records (memory must stay flat); beside it the
// time to merely pull and decrypt the same rows (the limit). Prints a table,
// then one JSON object as the last line.
//
//   npm run bench:verify [-- --records 100000 --small 10000 --engines sqlite,postgres]
//   npm run bench:verify -- --rebuild                 (build the data sets again)
//   npm run bench:verify -- --cpu-prof-dir /tmp/prof  (V8 CPU profile of each verify)
//   npm run bench:verify -- --baseline-core PATH      (verify with an older core bundle too,
//                                                      right before, on the same rows)
//
// The data sets take minutes to build (signing, anchoring); they are kept
// under node_modules/.cache (bench/verify/dataset.mjs). The core is
// TypeScript: it is bundled first (bench/launch.mjs), then
// measured in fresh Node processes (bench/verify/run.mjs, measure.mjs).
import { launchBench } from './launch.mjs'

await launchBench('verify')
