import type { Migration } from './migration'

/**
 * Records and the offline queue. A record's life: `queued` (signed and
 * stored, waiting for the chain) → `submitted` (in a batch transaction) →
 * `anchored` (the contract accepted it) or `rejected` (it refused it, with a
 * reason) → `synced` (an anchored record written to the cloud).
 *
 * Every step is keyed by tid and happens in one SQLite transaction with the
 * queue change it implies, so a crash between steps replays the step, never
 * half of it. A batch keeps its signed transaction, so after a crash the
 * exact same transaction (same nonce, same hash) is sent again or looked up,
 * and a record is never anchored twice.
 */
export const migration003: Migration = {
  version: 3,
  name: 'records-and-queue',
  up(db) {
    db.exec(`
      CREATE TABLE batches (
        id            INTEGER PRIMARY KEY,
        -- The handshaker account's nonce and the signed transaction.
        nonce         INTEGER NOT NULL UNIQUE,
        tx_hash       TEXT NOT NULL UNIQUE,
        raw_tx        TEXT NOT NULL,
        -- The batch's tids in calldata order: leaf i is record i.
        tids          TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('sent', 'mined', 'failed')),
        chain_batch   INTEGER,
        block_number  INTEGER,
        error         TEXT,
        created_at    TEXT NOT NULL,
        mined_at      TEXT
      ) STRICT;

      CREATE TABLE records (
        tid              TEXT PRIMARY KEY CHECK (tid GLOB '0x*' AND length(tid) = 34),
        patient_id       TEXT NOT NULL REFERENCES patients (id),
        template_id      INTEGER NOT NULL,
        template_version INTEGER NOT NULL,
        author_id        INTEGER NOT NULL REFERENCES users (id),
        seq              INTEGER NOT NULL,
        -- A correction is a new record linked to the one it corrects.
        supersedes       TEXT REFERENCES records (tid),
        -- The canonical record with its salt (T_I), encrypted: PHI.
        payload          BLOB NOT NULL,
        -- What the contract sees (T_C): pseudonymous, as signed.
        chain_record     TEXT NOT NULL,
        state            TEXT NOT NULL
                         CHECK (state IN ('queued', 'submitted', 'anchored', 'rejected', 'synced')),
        reason           INTEGER,
        batch_id         INTEGER REFERENCES batches (id),
        leaf_index       INTEGER,
        proof            TEXT,
        created_at       TEXT NOT NULL,
        anchored_at      TEXT,
        synced_at        TEXT,
        UNIQUE (author_id, seq)
      ) STRICT;
      CREATE INDEX records_by_state ON records (state, created_at);
      CREATE INDEX records_by_patient ON records (patient_id, created_at);

      -- Anchored records waiting for the cloud. Only a valid ACK puts a
      -- record here (the same transaction that writes the ACK).
      CREATE TABLE cloud_outbox (
        tid             TEXT PRIMARY KEY REFERENCES records (tid),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error      TEXT
      ) STRICT;
    `)
  }
}
