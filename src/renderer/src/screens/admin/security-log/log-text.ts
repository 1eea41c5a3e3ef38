/** Security log events in words; an event not named here shows as recorded. */
const EVENT_WORDS: Record<string, string> = {
  login: 'Logged in',
  'login.failed': 'Failed login',
  logout: 'Logged out',
  'unlock.failed': 'Failed unlock',
  'password.changed': 'Changed own password',
  'password.change-failed': 'Failed password change',
  'user.created': 'User added',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'user.password-reset': 'Password reset (new key)',
  'user.registered-on-ledger': 'User registered on the ledger',
  'user.revoked-on-ledger': 'User revoked on the ledger',
  'user.key-slot-added': 'Key slot added',
  'clinic.created': 'Clinic set up',
  'clinic.joined': 'Workstation joined the clinic',
  'cloud.configured': 'Cloud database changed',
  'cloud.migrated': 'Cloud schema updated',
  'settings.changed': 'Settings changed',
  'template.published': 'Template published',
  'patient.created': 'Patient registered',
  'patient.viewed': 'Patient opened',
  'patient.searched': 'Patients searched',
  'patient.listed': 'Patients listed',
  'patient.records-listed': 'Patient records listed',
  'patient.exported': 'Patient exported (FHIR)',
  'record.signed': 'Record signed',
  'record.viewed': 'Record opened',
  'record.rejected': 'Record refused by the ledger',
  'queue.retried': 'Queue retried',
  'audit.verified': 'Audit run',
  'audit.reported': 'Audit report made',
  'audit.log-viewed': 'Security log read',
  'audit.log-verified': 'Security log checked',
  'audit.anchoring-changed': 'Log anchoring changed',
  'sync.conflict': 'Sync conflict',
  'sync.rejected-row': 'Sync refused a row'
}

export function eventText(action: string): string {
  return EVENT_WORDS[action] ?? action
}

/** An entry's details (ids and codes only) as `key: value` pairs. */
export function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ')
}
