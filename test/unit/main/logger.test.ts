import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/main/log/logger'
import { tempDir } from '../../support/temp-dir'

describe('logger', () => {
  it('writes JSON lines to the data dir and redacts PHI-bearing fields', async () => {
    const file = join(tempDir(), 'logs', 'mediblock.log')
    const handle = createLogger({ file, sync: true })
    const log = handle.logger
    log.info(
      {
        channel: 'patient:add',
        patient: { name: 'Jane Doe' },
        request: { password: 'hunter2', name: 'Jane Doe' }
      },
      'rpc'
    )
    await handle.close()
    const lines = readFileSync(file, 'utf8').trim().split('\n')
    const entry = JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown>
    expect(entry['channel']).toBe('patient:add')
    expect(entry['msg']).toBe('rpc')
    expect(readFileSync(file, 'utf8')).not.toMatch(/Jane Doe|hunter2/)
  })
})
