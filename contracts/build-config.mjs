// What the ledger build depends on, in one place, so that the build script and the
// staleness test agree on it: compiler settings, sources and their hash.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative, resolve } from 'node:path'

const require = createRequire(import.meta.url)

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..')

/** Where the Solidity sources live. */
export const SOURCES_DIR = join(ROOT, 'contracts')

/** Where the generated artifacts go. */
export const ARTIFACTS_DIR = join(SOURCES_DIR, 'artifacts')

/** The contracts whose ABI and bytecode are written as artifacts. */
export const CONTRACTS = ['MediBlockLedger']

/**
 * solc settings. shanghai, because ganache 7.9 runs no later fork; many optimizer runs,
 * because submitBatch runs far more often than the contract is deployed.
 */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 10000 },
  viaIR: true,
  evmVersion: 'shanghai',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } }
}

/** Version of a package as installed. */
export function installedVersion(name) {
  return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version
}

/** The .sol files under contracts/ (not artifacts), as paths relative to contracts/. */
export function sourceFiles() {
  const out = []
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && path !== ARTIFACTS_DIR) walk(path)
      else if (entry.isFile() && entry.name.endsWith('.sol')) out.push(relative(SOURCES_DIR, path))
    }
  }
  walk(SOURCES_DIR)
  return out.sort()
}

/**
 * A hash of everything the artifacts depend on: sources, settings, and the pinned
 * compiler and OpenZeppelin versions. The artifacts carry it; a test recomputes it.
 */
export function sourceHash() {
  const hash = createHash('sha256')
  hash.update(JSON.stringify({ solc: installedVersion('solc'), settings: SOLC_SETTINGS }))
  hash.update(JSON.stringify({ openzeppelin: installedVersion('@openzeppelin/contracts') }))
  for (const file of sourceFiles()) {
    hash.update(`\0${file.split('\\').join('/')}\0`)
    hash.update(readFileSync(join(SOURCES_DIR, file)))
  }
  return `0x${hash.digest('hex')}`
}
