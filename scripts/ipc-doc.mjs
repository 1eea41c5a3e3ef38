// Writes the generated part of docs/IPC.md (every channel and event of the
// IPC contract, with who may call it and its request and response types)
// from the contract's table, src/shared/ipc/channels.ts. `--check` writes
// nothing and exits 1 when the doc is not current (a test does the same).
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { runnerImport } from 'vite'

const ROOT = resolve(import.meta.dirname, '..')
const DOC = resolve(ROOT, 'docs/IPC.md')

// The contract is TypeScript: vite loads it as the tests do.
const { module } = await runnerImport(resolve(ROOT, 'src/shared/ipc/contract-doc.ts'), {
  configFile: false,
  logLevel: 'silent'
})
const current = readFileSync(DOC, 'utf8')
const next = module.withContractDoc(current)
if (process.argv.includes('--check')) {
  if (next !== current) {
    process.stderr.write('docs/IPC.md is not current: run node scripts/ipc-doc.mjs\n')
    process.exit(1)
  }
} else if (next !== current) {
  writeFileSync(DOC, next)
  process.stdout.write('docs/IPC.md updated\n')
}
