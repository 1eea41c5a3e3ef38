import { channel } from '../channel'
import {
  ClinicInitRequest,
  ClinicInitResult,
  CloudChoice,
  CloudTestResult,
  LedgerTestRequest,
  LedgerTestResult
} from '../schemas'

/**
 * First run. These are public because no one can log in before the clinic
 * exists; the core allows them only while it does not, or to an admin.
 */
export const SETUP_CHANNELS = {
  'clinic:init': channel({
    summary:
      'Set up the clinic (first run only): first admin, keys, ledger (bundled or remote), cloud database; logs the admin in. Same core as `mediblock init` and `cloud set`.',
    access: 'public',
    request: ClinicInitRequest,
    response: ClinicInitResult
  }),
  'ledger:test': channel({
    summary:
      'Test a node URL (and a ledger contract there) before saving it; says exactly what is wrong. First run, or admins.',
    access: 'public',
    request: LedgerTestRequest,
    response: LedgerTestResult
  }),
  'cloud:test': channel({
    summary:
      'Test cloud settings (with their password) before saving them; says exactly what is wrong. First run, or admins.',
    access: 'public',
    request: CloudChoice,
    response: CloudTestResult
  })
} as const
