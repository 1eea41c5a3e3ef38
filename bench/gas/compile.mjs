// Compiles the bench-only reference contracts with solc-js at run time (same settings as
// the ledger), so they never ship with the app.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { SOLC_SETTINGS } from '../../contracts/build-config.mjs'

const require = createRequire(import.meta.url)
const solc = require('solc')

/** Compiles bench/gas/<name>.sol; answers { abi, bytecode }. */
export function compileReference(name) {
  const file = `${name}.sol`
  const input = {
    language: 'Solidity',
    sources: { [file]: { content: readFileSync(join(import.meta.dirname, file), 'utf8') } },
    settings: SOLC_SETTINGS
  }
  const output = JSON.parse(solc.compile(JSON.stringify(input)))
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join('\n'))
  const compiled = output.contracts[file][name]
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` }
}
