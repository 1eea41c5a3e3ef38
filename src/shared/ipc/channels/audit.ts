import { CLINICAL_ROLES } from '../../roles'
import { channel } from '../channel'
import {
  AuditLogPage,
  AuditLogVerification,
  AuditLogRequest,
  AuditReportRequest,
  AuditReportResult,
  AuditRestoreRequest,
  AuditRestoreResult,
  AuditScope,
  AuditVerifyResult,
  Empty,
  FhirExportRequest,
  FhirExportResult
} from '../schemas'

/** Audits of the cloud against the chain, the security log, and exports. */
export const AUDIT_CHANNELS = {
  'audit:verify': channel({
    summary:
      'Check the cloud database against the chain (all, or one patient, or since a time); audit:progress events while it runs.',
    access: ['admin', 'auditor'],
    request: AuditScope,
    response: AuditVerifyResult
  }),
  'audit:restore': channel({
    summary:
      "Repair what verify found from this workstation's copies that verify (admins; same as `mediblock restore`).",
    access: ['admin'],
    request: AuditRestoreRequest,
    response: AuditRestoreResult
  }),
  'audit:report': channel({
    summary:
      'Run the audit and answer the report (HTML, CSV or JSON) to download; also written to exports/.',
    access: ['admin', 'auditor'],
    request: AuditReportRequest,
    response: AuditReportResult
  }),
  'audit:log': channel({
    summary: 'The security log, newest first, a page at a time; reading it is itself logged.',
    access: ['admin', 'auditor'],
    request: AuditLogRequest,
    response: AuditLogPage
  }),
  'audit:verify-log': channel({
    summary:
      "Check the security log's hash chain, and the heads this workstation anchored on the ledger (same as `mediblock audit log --verify`); the check is itself logged.",
    access: ['admin', 'auditor'],
    request: Empty,
    response: AuditLogVerification
  }),
  'export:fhir': channel({
    summary:
      "One patient's anchored records as a FHIR R4 Bundle with proofs, to download; audited.",
    access: [...CLINICAL_ROLES, 'admin'],
    request: FhirExportRequest,
    response: FhirExportResult
  })
} as const
