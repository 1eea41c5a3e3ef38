import { randomUUID } from 'node:crypto'
import type { Migration } from './migration'

/**
 * Workstation-level settings as typed key/value rows, and this workstation's
 * id (it labels every record the workstation writes to the cloud).
 */
export const migration001: Migration = {
  version: 1,
  name: 'config',
  up(db) {
    db.exec(`
      CREATE TABLE config (
        key        TEXT PRIMARY KEY,
        value      TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `)
    db.prepare('INSERT INTO config (key, value, updated_at) VALUES (?, ?, ?)').run(
      'workstation.id',
      JSON.stringify(randomUUID()),
      new Date().toISOString()
    )
  }
}
