import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_ENV } from '../../../src/main/keys/password-input'
import { tempDir } from '../../support/temp-dir'
import { bundleChild, isolatedHome, runWithoutDbus } from './child'

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

/** The spellings of a secret worth looking for: raw bytes, hex (either case), base64, base64url. */
function spellings(secret: string): Buffer[] {
  const hex = secret.replace(/^0x/, '')
  const isHex = /^[0-9a-fA-F]+$/.test(hex) && hex.length % 2 === 0
  const raw = isHex ? Buffer.from(hex, 'hex') : Buffer.from(secret, 'utf8')
  const texts = [
    hex.toLowerCase(),
    hex.toUpperCase(),
    raw.toString('base64'),
    raw.toString('base64url')
  ]
  return [raw, ...texts.map((text) => Buffer.from(text, 'utf8'))]
}

describe('no secret in plain text (vault workstation, no D-Bus)', () => {
  let child: Awaited<ReturnType<typeof bundleChild>>

  beforeAll(async () => {
    child = await bundleChild()
  })

  afterAll(() => child?.dispose())

  it('after a full run, no file in the data dir holds any secret or password', () => {
    const root = tempDir()
    const dataDir = join(root, 'data')
    const adminPassword = 'admin pass phrase 9f3c'
    const result = runWithoutDbus(child.script, isolatedHome(root), ['full-run', dataDir], {
      [PASSWORD_ENV]: adminPassword
    })
    expect(result.error).toBeUndefined()
    expect(result['kind']).toBe('vault')
    const secrets = result['secrets'] as string[]
    const passwords = result['passwords'] as string[]
    expect(secrets).toHaveLength(5)
    expect(passwords).toContain(adminPassword)
    for (const secret of secrets) expect(secret.replace(/^0x/, '')).toMatch(/^[0-9a-f]{64}$/)

    const files = filesUnder(dataDir)
    const names = files.map((file) => file.slice(dataDir.length + 1)).sort()
    expect(names).toEqual([
      'keys/admin.json',
      'keys/nurse.json',
      'logs/mediblock.log',
      'vault.json'
    ])
    // The run logged the device secrets object: it must have shown the address only.
    expect(readFileSync(join(dataDir, 'logs', 'mediblock.log'), 'utf8')).toContain(
      'handshakerAddress'
    )

    for (const file of files) {
      const bytes = readFileSync(file)
      for (const [i, secret] of secrets.entries()) {
        for (const spelling of spellings(secret)) {
          expect(bytes.includes(spelling), `secret ${i} in ${file}`).toBe(false)
        }
      }
      for (const password of [...passwords, String(result['phi'])]) {
        expect(bytes.includes(Buffer.from(password, 'utf8')), `password or PHI in ${file}`).toBe(
          false
        )
      }
      if (process.platform !== 'win32') {
        expect(statSync(file).mode & 0o077, `${file} is owner-only`).toBe(0)
      }
    }
  })
})
