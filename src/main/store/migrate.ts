import type { Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'
import type { Migration } from './migrations/migration'

/** The outcome of {@link migrate}. */
export interface MigrationReport {
  readonly from: number
  readonly to: number
}

/** The schema version recorded in `db` (0 for a new database). */
export function schemaVersion(db: Database): number {
  db.exec(`
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER PRIMARY KEY,
      name       TEXT NOT NULL,
      applied_at TEXT NOT NULL
    ) STRICT;
  `)
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
    v: number | null
  }
  return row.v ?? 0
}

/**
 * Brings `db` up to the newest of `migrations`, each step in its own
 * transaction, so a crash mid-way leaves the database at a whole version.
 * Refuses a database written by a newer MediBlock rather than guess.
 */
export function migrate(db: Database, migrations: readonly Migration[]): MigrationReport {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw makeError(`migration ${m.name} is numbered ${m.version}, expected ${i + 1}`, 'INTERNAL')
    }
  })
  const from = schemaVersion(db)
  const latest = migrations.length
  if (from > latest) {
    throw makeError(
      `This data was written by a newer MediBlock (schema ${from}; this version knows ${latest}). Update MediBlock to open it.`,
      'CONFLICT',
      { from, latest }
    )
  }
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)'
  )
  for (const m of migrations.slice(from)) {
    db.transaction(() => {
      m.up(db)
      record.run(m.version, m.name, new Date().toISOString())
    })()
  }
  return { from, to: latest }
}
