import { CLINICAL_ROLES } from '../../roles'
import { channel } from '../channel'
import {
  Badge,
  PatientGetRequest,
  PatientRegisterRequest,
  PatientRegisterResult,
  PatientSearchRequest,
  PatientSearchResult,
  PatientView,
  RecordsAddRequest,
  RecordsAddResult,
  RecordsListRequest,
  RecordsSeriesRequest,
  RecordsSeriesResult,
  TidRequest,
  TimelineItem,
  TimelinePage
} from '../schemas'

/** Patients and their records: what clinicians work with all day. */
export const CLINICAL_CHANNELS = {
  'patients:search': channel({
    summary:
      'Search patients as you type: name, MRN or date of birth, any part of it; decrypted in the core.',
    access: 'user',
    request: PatientSearchRequest,
    response: PatientSearchResult
  }),
  'patients:register': channel({
    summary:
      'Register a patient (the fields of `mediblock patient add`); the registration is a signed record whose ACK arrives as record:changed.',
    access: CLINICAL_ROLES,
    request: PatientRegisterRequest,
    response: PatientRegisterResult
  }),
  'patients:get': channel({
    summary: "A patient's demographics and the newest page of their timeline; audited.",
    access: 'user',
    request: PatientGetRequest,
    response: PatientView
  }),
  'records:list': channel({
    summary:
      "A patient's records, newest first, a page at a time: template, author, times, state (and why refused), badge, attributes.",
    access: 'user',
    request: RecordsListRequest,
    response: TimelinePage
  }),
  'records:add': channel({
    summary:
      'Sign and queue a record from a template; answers the tid at once. The ACK (on chain, or refused and why) arrives as record:changed.',
    access: CLINICAL_ROLES,
    request: RecordsAddRequest,
    response: RecordsAddResult
  }),
  'records:get': channel({
    summary: 'One record by tid, decrypted, with its state and badge; audited.',
    access: 'user',
    request: TidRequest,
    response: TimelineItem
  }),
  'records:verify': channel({
    summary:
      "Check one record's cloud row against the chain: verified, a problem (kind, detail), or pending (not on chain or in the cloud yet).",
    access: 'user',
    request: TidRequest,
    response: Badge
  }),
  'records:series': channel({
    summary:
      "Numeric attributes of one template over time (for charts), with the ledger's accepted range.",
    access: 'user',
    request: RecordsSeriesRequest,
    response: RecordsSeriesResult
  })
} as const
