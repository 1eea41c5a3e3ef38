import { chmodSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'
import { AuditLog } from '../audit/audit-log'
import { CONFIG_KEYS, type ConfigKey, type ConfigValue } from './config-keys'
import { migrate } from './migrate'
import { MIGRATIONS } from './migrations'
import { PatientsRepo } from './patients-repo'
import { QueueRepo } from './queue-repo'
import { RecordsRepo } from './records-repo'
import { SyncRepo } from './sync-repo'
import { TemplatesRepo } from './templates-repo'
import { UsersRepo } from './users-repo'

export interface LocalStoreOptions {
  /**
   * Path of a better-sqlite3 addon built for the running runtime. Electron
   * passes its own build (see docs/NATIVE-MODULES.md); Node uses the default.
   */
  readonly nativeBinding?: string
}

/**
 * The workstation's local store: better-sqlite3 in WAL mode. Later issues add
 * users, patients, records, the outbox and the audit log to it.
 */
export class LocalStore {
  readonly #db: Database
  readonly path: string
  readonly schemaVersion: number
  readonly users: UsersRepo
  readonly auditLog: AuditLog
  readonly records: RecordsRepo
  readonly patients: PatientsRepo
  readonly templates: TemplatesRepo
  readonly sync: SyncRepo
  /** Reads for the screens: timelines, the queue, states of records awaited. */
  readonly queue: QueueRepo

  private constructor(db: Database, path: string, schemaVersion: number) {
    this.#db = db
    this.path = path
    this.schemaVersion = schemaVersion
    this.users = new UsersRepo(db)
    this.auditLog = new AuditLog(db)
    this.records = new RecordsRepo(db)
    this.patients = new PatientsRepo(db)
    this.templates = new TemplatesRepo(db)
    this.sync = new SyncRepo(db)
    this.queue = new QueueRepo(db)
  }

  /** Opens (creating if needed) and migrates the store at `path`. */
  static open(path: string, options: LocalStoreOptions = {}): LocalStore {
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    let db: Database
    try {
      db = new BetterSqlite3(
        path,
        options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}
      )
    } catch (cause) {
      throw makeError(`cannot open the local store at ${path}`, 'UNAVAILABLE', { path }, cause)
    }
    try {
      db.pragma('journal_mode = WAL')
      // NORMAL is durable across application crashes in WAL mode; only an OS
      // crash can lose the last transactions, never corrupt the file.
      db.pragma('synchronous = NORMAL')
      db.pragma('foreign_keys = ON')
      db.pragma('busy_timeout = 5000')
      // PHI lives here: owner-only, whatever the umask (the -wal and -shm
      // files take the database file's mode).
      chmodSync(path, 0o600)
      const { to } = migrate(db, MIGRATIONS)
      return new LocalStore(db, path, to)
    } catch (error) {
      db.close()
      throw error
    }
  }

  /** The SQLite library version, for diagnostics. */
  get sqliteVersion(): string {
    return (this.#db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v
  }

  /** A setting, or its default when unset. */
  getConfig<K extends ConfigKey>(key: K): ConfigValue<K> {
    const row = this.#db.prepare('SELECT value FROM config WHERE key = ?').get(key) as
      { value: string } | undefined
    const spec = CONFIG_KEYS[key]
    if (!row) {
      if (spec.fallback === undefined) {
        throw makeError(`setting ${key} is missing from the local store`, 'INTERNAL', { key })
      }
      return spec.fallback as ConfigValue<K>
    }
    return spec.schema.parse(JSON.parse(row.value)) as ConfigValue<K>
  }

  /** Writes a setting after checking it against its schema. */
  setConfig<K extends ConfigKey>(key: K, value: ConfigValue<K>): void {
    const parsed: unknown = CONFIG_KEYS[key].schema.parse(value)
    this.#db
      .prepare(
        `INSERT INTO config (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
      )
      .run(key, JSON.stringify(parsed), new Date().toISOString())
  }

  /** Closes the database; further calls throw. */
  close(): void {
    if (this.#db.open) this.#db.close()
  }
}
