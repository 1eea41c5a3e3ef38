import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ARTIFACTS_DIR, CONTRACTS, sourceHash } from '../../contracts/build-config.mjs'

describe('contract artifacts', () => {
  it.each(CONTRACTS)('%s is built from the current sources and settings', (name) => {
    const artifact = JSON.parse(readFileSync(join(ARTIFACTS_DIR, `${name}.json`), 'utf8')) as {
      sourceHash: string
      bytecode: string
      compiler: { settings: { evmVersion: string; optimizer: { enabled: boolean } } }
    }
    // Stale artifacts: run `npm run build:contracts` and commit the result.
    expect(artifact.sourceHash).toBe(sourceHash())
    expect(artifact.compiler.settings.evmVersion).toBe('shanghai')
    expect(artifact.compiler.settings.optimizer.enabled).toBe(true)
    expect(artifact.bytecode).toMatch(/^0x[0-9a-f]+$/)
  })

  it('targets shanghai: the runtime has no cancun opcode (mcopy, tload, tstore)', () => {
    const artifact = JSON.parse(
      readFileSync(join(ARTIFACTS_DIR, 'MediBlockLedger.json'), 'utf8')
    ) as {
      deployedBytecode: string
    }
    // Walk the code, skipping PUSH data, and collect opcodes.
    const code = Buffer.from(artifact.deployedBytecode.slice(2), 'hex')
    const seen = new Set<number>()
    for (let pc = 0; pc < code.length; pc++) {
      const op = code[pc] ?? 0
      seen.add(op)
      if (op >= 0x60 && op <= 0x7f) pc += op - 0x5f
      if (op === 0xfe) break // metadata and data follow the first INVALID at the end
    }
    expect([0x5c, 0x5d, 0x5e].filter((op) => seen.has(op))).toEqual([])
  })
})
