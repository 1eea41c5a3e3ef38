import { mediblock, type CliRun } from './cli'

type Env = Record<string, string>

/**
 * The built `mediblock` on one data dir, with its secrets in the vault (no
 * keychain needed): `run` answers the outcome as it is; `ok` runs with
 * `--json`, throws with the command and its stderr on a non-zero exit, and
 * answers the parsed output.
 */
export function cliOn(dataDir: string) {
  const run = (args: readonly string[], env: Env = {}): CliRun =>
    mediblock(['--data-dir', dataDir, ...args], { MEDIBLOCK_SECRET_STORE: 'vault', ...env })
  const ok = <T = Record<string, unknown>>(args: readonly string[], env: Env = {}): T => {
    const result = run(['--json', ...args], env)
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
    return JSON.parse(result.stdout) as T
  }
  return { run, ok }
}

/** `user add` of `username` (its name the same) with `role`, by the admin `as`. */
export function userAddArgs(username: string, role: string, as = 'admin'): string[] {
  return ['user', 'add', '--username', username, '--name', username, '--role', role, '--as', as]
}

/** `patient add` of patient `mrn` (J, born 1980-01-01, consenting) by `as`. */
export function patientAddArgs(mrn = 'M1', as = 'nina'): string[] {
  return [
    'patient',
    'add',
    '--name',
    'J',
    '--dob',
    '1980-01-01',
    '--mrn',
    mrn,
    '--consent',
    'yes',
    '--as',
    as
  ]
}

/**
 * `record add` of vital signs with `heartRate` (the rest in range) for patient
 * `mrn` by `as`; the contract refuses a heart rate above 250.
 */
export function vitalsArgs(heartRate: number, mrn = 'M1', as = 'nina'): string[] {
  return [
    'record',
    'add',
    '--patient',
    mrn,
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
    as
  ]
}
