import type { SETUP_CHANNELS } from '../../../shared/ipc/channels/setup'
import { testCloudChoice, testLedger } from '../../clinic/connection-tests'
import { assertSetupOrAdmin, setupClinic } from '../../clinic/first-run'
import type { HandlersFor } from '../handler'

export const SETUP_HANDLERS: HandlersFor<typeof SETUP_CHANNELS> = {
  'clinic:init': ({ app, session }, request) => setupClinic(app, session, request),
  'ledger:test': ({ app, session }, { nodeUrl, contract }) => {
    assertSetupOrAdmin(app, session, 'test ledger connections')
    return testLedger(nodeUrl, contract)
  },
  'cloud:test': ({ app, session }, choice) => {
    assertSetupOrAdmin(app, session, 'test cloud connections')
    return testCloudChoice(app, choice, session.clinic?.keys.secrets.store)
  }
}
