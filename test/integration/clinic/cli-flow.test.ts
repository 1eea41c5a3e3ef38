import { describe, expect, it } from 'vitest'
import { mediblock } from '../../support/cli'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'

/** Runs the CLI on one data dir with the vault (no keychain in CI's test processes). */
function clinic() {
  const dataDir = tempDir()
  const run = (args: string[], env: Record<string, string> = {}) =>
    mediblock(['--data-dir', dataDir, ...args], { MEDIBLOCK_SECRET_STORE: 'vault', ...env })
  const json = <T>(args: string[], env: Record<string, string> = {}): T => {
    const result = run(['--json', ...args], env)
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
    return JSON.parse(result.stdout) as T
  }
  return { dataDir, run, json }
}

const vitals = (heartRate: number) => [
  '--template',
  'vitals',
  '--set',
  `heart_rate=${heartRate}`,
  '--set',
  'systolic=120',
  '--set',
  'diastolic=80',
  '--set',
  'temperature=37.2'
]

describe('a clinic from the CLI, on the bundled node', () => {
  it('is set up, enters records, and prints each ACK: valid, or rejected with the rule', () => {
    const { run, json } = clinic()
    const init = json<{ ledger: { kind: string; address: string }; secretStore: string }>(
      ['init', '--clinic', 'Riverside Clinic', '--admin', 'admin'],
      { MEDIBLOCK_PASSWORD: ADMIN }
    )
    expect(init).toMatchObject({ ledger: { kind: 'bundled' }, secretStore: 'vault' })

    const nurse = json<{ role: string; chainRegisteredAt: string | null }>(
      [
        'user',
        'add',
        '--username',
        'nina',
        '--name',
        'Nina Nurse',
        '--role',
        'nurse',
        '--as',
        'admin'
      ],
      { MEDIBLOCK_PASSWORD: ADMIN, MEDIBLOCK_NEW_PASSWORD: NURSE }
    )
    expect(nurse.role).toBe('nurse')
    expect(nurse.chainRegisteredAt).not.toBeNull()

    const patient = json<{ id: string; name: string }>(
      [
        'patient',
        'add',
        '--name',
        'Jane Doe',
        '--dob',
        '1980-04-02',
        '--mrn',
        'MRN-1',
        '--consent',
        'yes',
        '--id-document',
        'passport',
        '--as',
        'nina'
      ],
      { MEDIBLOCK_PASSWORD: NURSE }
    )
    expect(patient.name).toBe('Jane Doe')
    // The registration is a signed record, validated on chain like any other.
    expect(patient).toMatchObject({
      registration: { state: 'anchored', template: 'patient-registration@1' },
      ledgerError: null
    })
    // Without consent the ledger refuses the registration, and says why.
    const refused = run(
      [
        'patient',
        'add',
        '--name',
        'No Consent',
        '--dob',
        '1990-01-01',
        '--consent',
        'no',
        '--as',
        'nina'
      ],
      { MEDIBLOCK_PASSWORD: NURSE }
    )
    expect(refused.status).toBe(0)
    expect(refused.stdout).toMatch(
      /Registration 0x[0-9a-f]{32}\s+patient-registration@1\s+rejected: Consent/
    )

    const valid = json<{
      tid: string
      state: string
      reasonName: string
      ledgerError: string | null
    }>(['record', 'add', '--patient', 'MRN-1', ...vitals(72), '--as', 'nina'], {
      MEDIBLOCK_PASSWORD: NURSE
    })
    expect(valid.ledgerError).toBeNull()
    expect(valid).toMatchObject({ state: 'anchored', reasonName: 'ACCEPTED' })
    const human = run(['record', 'add', '--patient', patient.id, ...vitals(400), '--as', 'nina'], {
      MEDIBLOCK_PASSWORD: NURSE
    })
    expect(human.status).toBe(0)
    expect(human.stdout).toMatch(
      /rejected: Heart rate \(heartRate\) must be between 20 and 250 \/min/
    )

    // Two registrations (one refused), one valid and one refused vital signs.
    const queue = json<Record<string, number>>(['queue'])
    expect(queue).toMatchObject({ queued: 0, anchored: 2, rejected: 2, cloudBacklog: 2 })

    // `status` says where the secrets are and how the queue stands, without a login.
    const status = json<{ secretStore: { kind: string }; queue: Record<string, number> }>([
      'status'
    ])
    expect(status.secretStore.kind).toBe('vault')
    expect(status.queue).toMatchObject({ queued: 0, anchored: 2, rejected: 2, cloudBacklog: 2 })
    const statusText = run(['status']).stdout
    expect(statusText).toMatch(/Secrets\s+encrypted vault file/)
    expect(statusText).toMatch(
      /Queue\s+0 waiting for the ledger, 0 in 0 sent batch\(es\), 2 waiting/
    )

    const shown = json<{ attributes: Record<string, number>; author: string }>(
      ['record', 'show', valid.tid, '--as', 'nina'],
      { MEDIBLOCK_PASSWORD: NURSE }
    )
    expect(shown).toMatchObject({
      author: 'nina',
      attributes: { heartRate: 72, temperature: 37.2 }
    })
  }, 120_000)

  it('refuses bad input with one line and exit 2, and changes nothing', () => {
    const { run, json } = clinic()
    json(['init', '--clinic', 'C', '--admin', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
    json(['user', 'add', '--username', 'nina', '--name', 'N', '--role', 'nurse', '--as', 'admin'], {
      MEDIBLOCK_PASSWORD: ADMIN,
      MEDIBLOCK_NEW_PASSWORD: NURSE
    })
    json(
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
      {
        MEDIBLOCK_PASSWORD: NURSE
      }
    )
    const before = json<unknown[]>(['record', 'list'])
    expect(before).toHaveLength(1) // the registration
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        ['record', 'add', '--patient', 'M1', ...vitals(72), '--as', 'nina'],
        { MEDIBLOCK_PASSWORD: 'wrong-password' },
        /wrong username or password/
      ],
      [
        ['record', 'add', '--patient', 'M1', '--template', 'xray', '--as', 'nina'],
        { MEDIBLOCK_PASSWORD: NURSE },
        /no template xray/
      ],
      [
        [
          'record',
          'add',
          '--patient',
          'M1',
          '--template',
          'vitals',
          '--set',
          'heart_rate=72',
          '--as',
          'nina'
        ],
        { MEDIBLOCK_PASSWORD: NURSE },
        /is required/
      ],
      [
        [
          'record',
          'add',
          '--patient',
          'M1',
          '--template',
          'vitals',
          '--set',
          'heart_rate=fast',
          '--as',
          'nina'
        ],
        { MEDIBLOCK_PASSWORD: NURSE },
        /must be a number/
      ],
      [
        ['record', 'add', '--patient', 'nobody', ...vitals(72), '--as', 'nina'],
        { MEDIBLOCK_PASSWORD: NURSE },
        /no patient nobody/
      ],
      [
        ['record', 'add', '--patient', 'M1', ...vitals(72), '--as', 'admin'],
        { MEDIBLOCK_PASSWORD: ADMIN },
        /an admin may not enter clinical records/
      ],
      [
        ['record', 'add', '--patient', 'M1', ...vitals(72), '--as', 'nina'],
        {},
        /MEDIBLOCK_PASSWORD/
      ],
      [
        [
          'patient',
          'add',
          '--name',
          'K',
          '--dob',
          '1980-01-01',
          '--consent',
          'yes',
          '--as',
          'admin'
        ],
        { MEDIBLOCK_PASSWORD: ADMIN },
        /an admin may not register patients/
      ],
      [
        [
          'patient',
          'add',
          '--name',
          'K',
          '--dob',
          '1980-13-01',
          '--consent',
          'yes',
          '--as',
          'nina'
        ],
        { MEDIBLOCK_PASSWORD: NURSE },
        /patient dateOfBirth: /
      ],
      [
        [
          'patient',
          'add',
          '--name',
          'K',
          '--dob',
          '1980-01-01',
          '--consent',
          'maybe',
          '--as',
          'nina'
        ],
        { MEDIBLOCK_PASSWORD: NURSE },
        /patient consent: /
      ],
      [
        ['init', '--clinic', 'Again', '--admin', 'other'],
        { MEDIBLOCK_PASSWORD: ADMIN },
        /already has a clinic/
      ]
    ]
    for (const [args, env, message] of cases) {
      const result = run(args, { MEDIBLOCK_PASSWORD: '', ...env })
      expect(result.status, args.join(' ')).toBe(2)
      expect(result.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(result.stderr, args.join(' ')).toMatch(message)
    }
    expect(json(['queue'])).toMatchObject({ queued: 0, submitted: 0, anchored: 1, rejected: 0 })
    expect(json<unknown[]>(['record', 'list'])).toEqual(before)
    expect(
      json<unknown[]>(['patient', 'list', '--as', 'nina'], { MEDIBLOCK_PASSWORD: NURSE })
    ).toHaveLength(1)
  }, 120_000)
})
