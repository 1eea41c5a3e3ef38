import type { Migration } from './migration'

/**
 * Anchors of the security log's head on the ledger (`anchorLog`), as this
 * workstation's handshaker sent them. A verifier never reads this table (it
 * reads the `LogAnchored` events from the chain); it is the handshaker's
 * bookkeeping: what was last anchored (the anchoring policy), and the signed
 * transaction with its nonce, kept before it is sent so that a transaction
 * the node never saw can be sent again and no batch waits behind a nonce gap.
 * Nonces are shared with `batches`: both are the handshaker account's.
 */
export const migration006: Migration = {
  version: 6,
  name: 'log-anchors',
  up(db) {
    db.exec(`
      CREATE TABLE log_anchors (
        id           INTEGER PRIMARY KEY,
        -- The handshaker account's nonce; never one a batch has (see RecordsRepo.recordBatch).
        nonce        INTEGER NOT NULL UNIQUE CHECK (nonce >= 0),
        -- The log had this many entries; head is the hash of the last.
        entries      INTEGER NOT NULL CHECK (entries >= 1),
        head         TEXT NOT NULL CHECK (head GLOB '0x*' AND length(head) = 66),
        tx_hash      TEXT NOT NULL UNIQUE,
        raw_tx       TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('sent', 'mined', 'failed')),
        block_number INTEGER,
        created_at   TEXT NOT NULL,
        settled_at   TEXT
      ) STRICT;
      CREATE INDEX log_anchors_state ON log_anchors (state);
    `)
  }
}
