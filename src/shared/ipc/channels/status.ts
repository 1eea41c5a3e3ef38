import { channel } from '../channel'
import {
  CloudChoice,
  CloudSetResult,
  CloudStatus,
  Empty,
  LedgerStatus,
  QueueList,
  QueueListRequest,
  QueueRetryRequest,
  QueueRetryResult,
  SyncReport,
  SyncStatus,
  WorkstationStatus
} from '../schemas'

/** The ledger, the cloud, the offline queue and sync: the status bar and the admin screens. */
export const STATUS_CHANNELS = {
  'status:get': channel({
    summary: 'What the status bar shows: node, cloud, queue depth, last sync, offline.',
    access: 'user',
    whileLocked: true,
    request: Empty,
    response: WorkstationStatus
  }),
  'ledger:status': channel({
    summary:
      'The ledger: node (URL or bundled), chain id, contract, latest block, handshaker balance, reachable.',
    access: 'user',
    request: Empty,
    response: LedgerStatus
  }),
  'cloud:status': channel({
    summary: 'The cloud database: engine, where, schema, counts, reachable.',
    access: 'user',
    request: Empty,
    response: CloudStatus
  }),
  'cloud:set': channel({
    summary:
      'Choose the cloud database (admins; same as `mediblock cloud set`); the password goes to the keychain or vault.',
    access: ['admin'],
    request: CloudChoice,
    response: CloudSetResult
  }),
  'queue:list': channel({
    summary:
      'The offline queue: records waiting for the ledger or the cloud, failures with reasons, refusals.',
    access: ['admin'],
    request: QueueListRequest,
    response: QueueList
  }),
  'queue:retry': channel({
    summary: 'Try waiting records again now (all, or the tids given).',
    access: ['admin'],
    request: QueueRetryRequest,
    response: QueueRetryResult
  }),
  'sync:status': channel({
    summary: 'Where cloud sync stands: outbox, last push and pull, last error.',
    access: 'user',
    request: Empty,
    response: SyncStatus
  }),
  'sync:now': channel({
    summary:
      "Sync now: push the outbox, pull and verify other workstations' records; UNAVAILABLE if the cloud is down (nothing is lost).",
    access: 'user',
    request: Empty,
    response: SyncReport
  })
} as const
