import type { CLINICAL_CHANNELS } from '../../../shared/ipc/channels/clinical'
import {
  getPatient,
  registerPatient,
  searchPatients,
  viewRecord,
  viewTimeline
} from '../../clinic/patient-lookup'
import { verifyRecordBadge } from '../../clinic/record-badge'
import { enterRecord } from '../../clinic/record-entry'
import { recordSeries } from '../../clinic/timeline'
import { clinicOf } from '../../workstation/sessions'
import type { HandlersFor } from '../handler'

export const CLINICAL_HANDLERS: HandlersFor<typeof CLINICAL_CHANNELS> = {
  'patients:search': ({ app, session }, { query, limit }) =>
    searchPatients(app, clinicOf(session), query, limit),
  'patients:register': ({ app, session }, request) =>
    registerPatient(app, clinicOf(session), request),
  'patients:get': ({ app, session }, request) => getPatient(app, clinicOf(session), request),
  'records:list': ({ app, session }, request) => viewTimeline(app, clinicOf(session), request),
  'records:add': ({ app, session }, request) => enterRecord(app, clinicOf(session), request),
  'records:get': ({ app, session }, { tid }) => viewRecord(app, clinicOf(session), tid),
  'records:verify': ({ app, session }, { tid }) => verifyRecordBadge(app, clinicOf(session), tid),
  'records:series': ({ app, session }, request) =>
    recordSeries(app, clinicOf(session).secrets, request)
}
