// Compiles the ledger contract with solc-js (the pinned npm `solc`; native solc cannot be
// downloaded here) and writes ABI + bytecode + source hash to contracts/artifacts/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import {
  ARTIFACTS_DIR,
  CONTRACTS,
  ROOT,
  SOLC_SETTINGS,
  SOURCES_DIR,
  installedVersion,
  sourceFiles,
  sourceHash
} from '../contracts/build-config.mjs'

const require = createRequire(import.meta.url)
const solc = require('solc')

/** Resolves `@openzeppelin/...` imports from node_modules. */
function findImports(path) {
  try {
    return { contents: readFileSync(require.resolve(path, { paths: [ROOT] }), 'utf8') }
  } catch {
    return { error: `not found: ${path}` }
  }
}

const sources = Object.fromEntries(
  sourceFiles().map((file) => [file, { content: readFileSync(join(SOURCES_DIR, file), 'utf8') }])
)
const input = { language: 'Solidity', sources, settings: SOLC_SETTINGS }
const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }))
const errors = (output.errors ?? []).filter((e) => e.severity === 'error')
for (const e of output.errors ?? []) console.error(e.formattedMessage)
if (errors.length > 0) process.exit(1)

mkdirSync(ARTIFACTS_DIR, { recursive: true })
const hash = sourceHash()
for (const name of CONTRACTS) {
  const file = Object.keys(output.contracts).find((f) => output.contracts[f][name])
  if (!file) throw new Error(`contract ${name} not found in the sources`)
  const compiled = output.contracts[file][name]
  const artifact = {
    contractName: name,
    sourceName: `contracts/${file}`,
    compiler: {
      solc: solc.version(),
      openzeppelin: installedVersion('@openzeppelin/contracts'),
      settings: SOLC_SETTINGS
    },
    sourceHash: hash,
    abi: compiled.abi,
    bytecode: `0x${compiled.evm.bytecode.object}`,
    deployedBytecode: `0x${compiled.evm.deployedBytecode.object}`
  }
  writeFileSync(join(ARTIFACTS_DIR, `${name}.json`), `${JSON.stringify(artifact, null, 2)}\n`)
  const size = compiled.evm.deployedBytecode.object.length / 2
  console.log(`${name}: ${size} bytes deployed, source hash ${hash.slice(0, 18)}…`)
}
