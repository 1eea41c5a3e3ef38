import type { Migration } from './migration'

/**
 * The template manager's (TTM) own copy of every template version this
 * clinic has published on its ledger. A published (id, version) never
 * changes, on chain or here: a change is a new version, so a record is
 * always shown and checked against the definition it was signed under.
 */
export const migration004: Migration = {
  version: 4,
  name: 'templates',
  up(db) {
    db.exec(`
      CREATE TABLE templates (
        id            INTEGER NOT NULL CHECK (id BETWEEN 1 AND 65535),
        version       INTEGER NOT NULL CHECK (version BETWEEN 1 AND 65535),
        slug          TEXT NOT NULL,
        title         TEXT NOT NULL,
        -- The full definition as JSON, and its hash as published on chain.
        definition    TEXT NOT NULL,
        hash          TEXT NOT NULL CHECK (hash GLOB '0x*' AND length(hash) = 66),
        published_at  TEXT NOT NULL,
        published_by  TEXT NOT NULL,
        PRIMARY KEY (id, version),
        UNIQUE (slug, version)
      ) STRICT;
      -- Versions are immutable once published.
      CREATE TRIGGER templates_immutable BEFORE UPDATE ON templates
      BEGIN
        SELECT RAISE(ABORT, 'a published template version never changes');
      END;
    `)
  }
}
