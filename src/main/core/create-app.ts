import { mkdirSync } from 'node:fs'
import type { AppInfo, Diagnostics, Face } from '../../shared/ipc/schemas'
import type { Launcher } from '../chain/node/launcher'
import { dataDirLayout, type DataDirLayout } from '../config/data-dir'
import { createLogger, type Logger } from '../log/logger'
import { secretStoreInUse } from '../keys/secret-store-in-use'
import { LocalStore } from '../store/local-store'
import { EventHub } from './event-hub'
import { APP_NAME, APP_VERSION } from './version'

/** What a face passes to {@link createApp}. */
export interface AppConfig {
  /** Absolute data dir (see `resolveDataDir`). */
  readonly dataDir: string
  /** Which face hosts the core. */
  readonly face: Face
  /** Log level; `silent` turns logging off. */
  readonly logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  /** Synchronous logging, for short-lived processes. */
  readonly logSync?: boolean
  /** Electron's version when running under Electron. */
  readonly electronVersion?: string
  /** better-sqlite3 addon built for the running runtime (Electron). */
  readonly sqliteBinding?: string
  /** keytar addon built for the running runtime (Electron), if the Node one does not load. */
  readonly keytarBinding?: string
  /** Starts helper processes (the bundled node); Electron passes a utilityProcess one. */
  readonly launcher?: Launcher
}

/** The core of MediBlock: everything every face shares. No Electron here. */
export interface App {
  readonly config: AppConfig
  readonly paths: DataDirLayout
  readonly log: Logger
  readonly events: EventHub
  readonly store: LocalStore
  info(): AppInfo
  diagnostics(): Diagnostics
  /**
   * Runs `hook` when the app closes, after `app:closing` is emitted and
   * before the store closes (last registered, first run): background work
   * stops here while it can still write. Answers the unregister function.
   */
  onClose(hook: () => Promise<void> | void): () => void
  /** Tells listeners, stops what registered with `onClose`, then closes stores and flushes the log. Idempotent. */
  close(reason?: string): Promise<void>
}

/**
 * Builds the core for one process: opens (and migrates) the local store in
 * the data dir and starts the log. Faces wrap it; none of them adds logic.
 */
export async function createApp(config: AppConfig): Promise<App> {
  const paths = dataDirLayout(config.dataDir)
  mkdirSync(paths.root, { recursive: true, mode: 0o700 })
  const logHandle = createLogger({
    file: paths.logFile,
    level: config.logLevel ?? 'info',
    sync: config.logSync ?? false
  })
  const log = logHandle.logger
  const store = LocalStore.open(
    paths.localDb,
    config.sqliteBinding ? { nativeBinding: config.sqliteBinding } : {}
  )
  const events = new EventHub()
  const startedAt = new Date().toISOString()
  const closeHooks = new Set<() => Promise<void> | void>()
  let closing: Promise<void> | undefined

  log.info({ face: config.face, version: APP_VERSION, schema: store.schemaVersion }, 'core started')

  const app: App = {
    config,
    paths,
    log,
    events,
    store,
    info() {
      const cloud = store.getConfig('cloud')
      return {
        name: APP_NAME,
        version: APP_VERSION,
        face: config.face,
        dataDir: paths.root,
        workstationId: store.getConfig('workstation.id'),
        startedAt,
        localStore: { path: store.path, schemaVersion: store.schemaVersion },
        clinic: store.getConfig('clinic'),
        ledger: store.getConfig('ledger'),
        cloud: { engine: cloud.engine, embedded: cloud.engine === 'sqlite' },
        secretStore: secretStoreInUse(paths.root),
        queue: {
          ...store.records.countByState(),
          pendingBatches: store.records.pendingBatches().length,
          cloudBacklog: store.records.cloudBacklog()
        },
        sync: (({ lastPushAt, lastPullAt, lastError, lastErrorAt }) => ({
          lastPushAt,
          lastPullAt,
          lastError,
          lastErrorAt
        }))(store.getConfig('sync'))
      }
    },
    diagnostics() {
      const memory = process.memoryUsage()
      return {
        pid: process.pid,
        uptimeSeconds: process.uptime(),
        versions: {
          app: APP_VERSION,
          node: process.versions.node,
          electron: config.electronVersion ?? null,
          sqlite: store.sqliteVersion
        },
        memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed },
        logFile: paths.logFile
      }
    },
    onClose(hook) {
      closeHooks.add(hook)
      return () => closeHooks.delete(hook)
    },
    close(reason = 'shutdown') {
      closing ??= (async () => {
        events.emit('app:closing', { reason })
        for (const hook of [...closeHooks].reverse()) {
          try {
            await hook()
          } catch (error) {
            log.error({ err: error }, 'a close hook failed')
          }
        }
        store.close()
        log.info({ reason }, 'core stopped')
        await logHandle.close()
      })()
      return closing
    }
  }
  return app
}
