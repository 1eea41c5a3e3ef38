import type { AUDIT_CHANNELS } from '../../../shared/ipc/channels/audit'
import {
  exportFhirForScreen,
  reportForScreen,
  restoreForScreen,
  securityLogPage,
  verifyForScreen,
  verifyLogForScreen
} from '../../clinic/audit-screens'
import { clinicOf } from '../../workstation/sessions'
import type { HandlersFor } from '../handler'

export const AUDIT_HANDLERS: HandlersFor<typeof AUDIT_CHANNELS> = {
  'audit:verify': ({ app, session }, scope) => verifyForScreen(app, clinicOf(session), scope),
  'audit:restore': async ({ app, session }, request) => ({
    outcomes: await restoreForScreen(
      app,
      clinicOf(session),
      'tids' in request ? request.tids : undefined
    )
  }),
  'audit:report': ({ app, session }, request) => reportForScreen(app, clinicOf(session), request),
  'audit:log': ({ app, session }, request) => securityLogPage(app, clinicOf(session), request),
  'audit:verify-log': ({ app, session }) => verifyLogForScreen(app, clinicOf(session)),
  'export:fhir': ({ app, session }, { patientId }) =>
    exportFhirForScreen(app, clinicOf(session), patientId)
}
