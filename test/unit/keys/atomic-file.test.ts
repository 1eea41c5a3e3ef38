import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../../src/main/keys/atomic-file'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'

describe('atomic file writes', () => {
  it('creates the file owner-only, and its folder', () => {
    const file = join(tempDir(), 'deep', 'er', 'vault.json')
    writeFileAtomic(file, '{"a":1}')
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
  })

  it('replaces a file whole and leaves no temp file behind', () => {
    const dir = tempDir()
    const file = join(dir, 'vault.json')
    writeFileSync(file, 'old', { mode: 0o644 })
    writeFileAtomic(file, Buffer.from('new content'))
    expect(readFileSync(file, 'utf8')).toBe('new content')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readdirSync(dir)).toEqual(['vault.json'])
  })

  it('keeps the old content, and cleans up, when the replace fails', () => {
    const dir = tempDir()
    const target = join(dir, 'busy')
    // A non-empty folder at the target: the final rename must fail.
    mkdirSync(target)
    writeFileSync(join(target, 'inside'), 'kept')
    const error = thrown(() => writeFileAtomic(target, 'new'))
    expect(error.code).toBe('UNAVAILABLE')
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept')
    expect(readdirSync(dir)).toEqual(['busy'])
  })
})

describe('exclusive atomic file writes', () => {
  it('create a file that does not exist, and refuse one that does, leaving it intact', () => {
    const dir = tempDir()
    const file = join(dir, 'vault.json')
    writeFileAtomic(file, 'first', { exclusive: true })
    expect(readFileSync(file, 'utf8')).toBe('first')
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(thrown(() => writeFileAtomic(file, 'second', { exclusive: true })).code).toBe('CONFLICT')
    expect(readFileSync(file, 'utf8')).toBe('first')
    expect(readdirSync(dir)).toEqual(['vault.json'])
  })
})
