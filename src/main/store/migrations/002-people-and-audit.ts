import type { Migration } from './migration'

/**
 * Users (with their Ethereum address; the encrypted keystore lives in the
 * data dir's keys/ folder), patients (PHI encrypted, pseudonym in clear) and
 * the append-only, hash-chained audit log of security events.
 */
export const migration002: Migration = {
  version: 2,
  name: 'people-and-audit',
  up(db) {
    db.exec(`
      CREATE TABLE users (
        id                  INTEGER PRIMARY KEY,
        username            TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name        TEXT NOT NULL,
        role                TEXT NOT NULL
                            CHECK (role IN ('admin', 'doctor', 'nurse', 'pathologist', 'auditor')),
        address             TEXT NOT NULL UNIQUE CHECK (address GLOB '0x*' AND length(address) = 42),
        -- Next sequence number this clinician signs (the ledger's replay window).
        next_seq            INTEGER NOT NULL DEFAULT 1 CHECK (next_seq >= 1),
        chain_registered_at TEXT,
        disabled_at         TEXT,
        created_at          TEXT NOT NULL,
        updated_at          TEXT NOT NULL
      ) STRICT;

      CREATE TABLE patients (
        id          TEXT PRIMARY KEY,
        -- HMAC of the id under the clinic's pseudonym secret: the only
        -- reference to a patient that leaves the clinic in clear.
        pseudonym   TEXT NOT NULL UNIQUE,
        -- Name, date of birth, MRN, ... as an encrypted envelope.
        phi         BLOB NOT NULL,
        created_by  INTEGER NOT NULL REFERENCES users (id),
        created_at  TEXT NOT NULL
      ) STRICT;

      CREATE TABLE audit_log (
        seq        INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        actor      TEXT NOT NULL,
        action     TEXT NOT NULL,
        subject    TEXT,
        detail     TEXT NOT NULL,
        prev_hash  TEXT NOT NULL,
        hash       TEXT NOT NULL UNIQUE
      ) STRICT;

      CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `)
  }
}
