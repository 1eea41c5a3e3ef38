import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DOC_START, withContractDoc } from '../../../src/shared/ipc/contract-doc'
import { CHANNEL_NAMES, EVENT_NAMES } from '../../../src/shared/ipc/channels'

const DOC = resolve(import.meta.dirname, '../../../docs/IPC.md')

describe('docs/IPC.md', () => {
  it('lists the contract as it is (run `node scripts/ipc-doc.mjs` after changing it)', () => {
    const doc = readFileSync(DOC, 'utf8')
    expect(doc).toContain(DOC_START)
    expect(withContractDoc(doc)).toBe(doc)
  })

  it('names every channel and event', () => {
    const doc = readFileSync(DOC, 'utf8')
    for (const name of [...CHANNEL_NAMES, ...EVENT_NAMES]) expect(doc).toContain(`\`${name}\``)
  })
})
