import type {
  AppInfo,
  PatientSummary,
  SessionState,
  TimelineItem,
  WorkstationStatus
} from '../../src/shared/ipc/schemas'

export const NURSE: SessionState = {
  user: { username: 'nina', displayName: 'Nina Okafor', role: 'nurse' },
  locked: false
}

export const LOGGED_OUT: SessionState = { user: null, locked: false }

export function patient(overrides: Partial<PatientSummary> = {}): PatientSummary {
  return {
    id: 'p-1',
    name: 'Jo Bloggs',
    dateOfBirth: '1980-04-02',
    sex: 'female',
    mrn: 'M-1001',
    createdAt: '2026-01-02T10:00:00.000Z',
    ...overrides
  }
}

let serial = 0
/** A timeline item with a fresh tid. */
export function record(overrides: Partial<TimelineItem> = {}): TimelineItem {
  serial++
  return {
    tid: `0x${serial.toString(16).padStart(32, '0')}`,
    patientId: 'p-1',
    template: { id: 1, version: 1, slug: 'vital-signs', title: 'Vital signs' },
    author: { username: 'nina', displayName: 'Nina Okafor' },
    signedAt: '2026-01-02T10:05:00.000Z',
    anchoredAt: null,
    syncedAt: null,
    state: 'queued',
    rejection: null,
    supersedes: null,
    supersededBy: null,
    workstation: null,
    attributes: { heart_rate: 72 },
    badge: { state: 'unknown' },
    ...overrides
  }
}

export const ONLINE: WorkstationStatus = {
  node: 'up',
  cloud: 'up',
  offline: false,
  queue: { depth: 0, cloudBacklog: 0, failing: 0 },
  lastSyncAt: null,
  lastError: null,
  busy: { draining: false, syncing: false },
  checkedAt: null
}

export const INFO: AppInfo = {
  name: 'MediBlock',
  version: '0.1.0',
  face: 'browser',
  dataDir: '/tmp/mediblock',
  workstationId: '00000000-0000-4000-8000-000000000001',
  startedAt: '2026-01-02T09:00:00.000Z',
  localStore: { path: '/tmp/mediblock/local.db', schemaVersion: 6 },
  clinic: { name: 'Riverside Clinic' },
  ledger: { kind: 'bundled' },
  cloud: { engine: 'sqlite', embedded: true },
  secretStore: { kind: 'vault', description: 'encrypted vault file' },
  queue: {
    queued: 0,
    submitted: 0,
    anchored: 0,
    rejected: 0,
    synced: 0,
    pendingBatches: 0,
    cloudBacklog: 0
  },
  sync: { lastPushAt: null, lastPullAt: null, lastError: null, lastErrorAt: null }
}
