import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { mediblock, ROOT } from '../../support/cli'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'

describe('templates (TTM) from the CLI', () => {
  it('lists and shows the published templates, publishes a new version, and keeps the old one for old records', () => {
    const dataDir = tempDir()
    const run = (args: string[], env: Record<string, string> = {}) =>
      mediblock(['--data-dir', dataDir, ...args], { MEDIBLOCK_SECRET_STORE: 'vault', ...env })
    const ok = <T = Record<string, unknown>>(args: string[], env: Record<string, string> = {}) => {
      const result = run(['--json', ...args], env)
      if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
      return JSON.parse(result.stdout) as T
    }
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN }
    const asNurse = { MEDIBLOCK_PASSWORD: NURSE }
    ok(['init', '--clinic', 'C', '--admin', 'admin'], asAdmin)
    ok(['user', 'add', '--username', 'nina', '--name', 'N', '--role', 'nurse', '--as', 'admin'], {
      ...asAdmin,
      MEDIBLOCK_NEW_PASSWORD: NURSE
    })
    ok(
      [
        'patient',
        'add',
        '--name',
        'J',
        '--dob',
        '1980-01-01',
        '--mrn',
        'M1',
        '--consent',
        'yes',
        '--as',
        'nina'
      ],
      asNurse
    )

    // The defaults the new ledger published are the TTM's.
    const listed = ok<{ slug: string; version: number }[]>(['template', 'list'])
    expect(listed.map((t) => `${t.slug}@${t.version}`)).toEqual([
      'vital-signs@1',
      'new-patient-assessment@1',
      'lab-result@1',
      'nursing-note@1',
      'patient-registration@1'
    ])
    expect(run(['template', 'show', 'vitals']).stdout).toMatch(
      /heartRate\s+quantity\s+\/min \(required\)\s+\[on chain: 20 to 250 \/min\]/
    )

    const addHr = (heartRate: number) =>
      ok<{ tid: string; state: string; template: string; explanation: string | null }>(
        [
          'record',
          'add',
          '--patient',
          'M1',
          '--template',
          'vitals',
          '--set',
          `heart_rate=${heartRate}`,
          '--set',
          'systolic=120',
          '--set',
          'diastolic=80',
          '--set',
          'temperature=37.0',
          '--as',
          'nina'
        ],
        asNurse
      )
    const before = addHr(220)
    expect(before).toMatchObject({ state: 'anchored', template: 'vital-signs@1' })

    // Version 2 narrows the heart rate; the ledger checks new records against it.
    const v1 = JSON.parse(
      readFileSync(join(ROOT, 'resources/templates/vital-signs.json'), 'utf8')
    ) as { version: number; attributes: { key: string; onChain?: { max: number } }[] }
    const v2 = structuredClone(v1)
    v2.version = 2
    const heartRate = v2.attributes.find((a) => a.key === 'heartRate')
    if (!heartRate?.onChain) throw new Error('no heart rate rule')
    heartRate.onChain.max = 200
    const file = join(dataDir, 'vital-signs-2.json')
    writeFileSync(file, JSON.stringify(v2))

    // Only an admin publishes; bad files and old versions are refused with one line.
    const byNurse = run(['template', 'publish', file, '--as', 'nina'], asNurse)
    expect(byNurse.status).toBe(2)
    expect(byNurse.stderr).toMatch(/a nurse may not publish templates/)
    const broken = join(dataDir, 'broken.json')
    writeFileSync(broken, JSON.stringify({ ...v2, roles: [] }))
    const invalid = run(['template', 'publish', broken, '--as', 'admin'], asAdmin)
    expect(invalid.status).toBe(2)
    expect(invalid.stderr.trim()).toMatch(/^mediblock: not a valid template: roles: /)
    const original = join(ROOT, 'resources/templates/vital-signs.json')
    const again = run(['template', 'publish', original, '--as', 'admin'], asAdmin)
    expect(again.status).toBe(2)
    expect(again.stderr).toMatch(/template 1 is at version 1; a new version must be higher/)

    const published = ok<{ definition: { version: number }; hash: string }>(
      ['template', 'publish', file, '--as', 'admin'],
      asAdmin
    )
    expect(published.definition.version).toBe(2)
    expect(ok<{ slug: string; version: number }[]>(['template', 'list'])[0]).toMatchObject({
      slug: 'vital-signs',
      version: 2
    })

    const after = addHr(220)
    expect(after).toMatchObject({ state: 'rejected', template: 'vital-signs@2' })
    expect(after.explanation).toMatch(/Heart rate \(heartRate\) must be between 20 and 200 \/min/)
    // The record signed under version 1 still shows, and stays valid, under version 1.
    expect(ok(['record', 'show', before.tid, '--as', 'nina'], asNurse)).toMatchObject({
      state: 'anchored',
      template: 'vital-signs@1'
    })
    expect(run(['template', 'show', 'vital-signs@1']).stdout).toMatch(/on chain: 20 to 250/)
  }, 180_000)
})
