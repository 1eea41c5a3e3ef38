import type { Migration } from './migration'

/**
 * Cloud sync. Refused records go to the cloud's audit table (marked here
 * once written); records other workstations of the clinic wrote come back
 * from the cloud, are verified against the chain, and are kept apart from
 * this workstation's own (`pulled_records`); a pulled row that does not
 * verify is never imported: it is named in `sync_problems`. Patients learnt
 * from another workstation's registration record carry its id.
 */
export const migration005: Migration = {
  version: 5,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE records ADD COLUMN audit_synced_at TEXT;
      ALTER TABLE patients ADD COLUMN origin_workstation TEXT;

      CREATE TABLE pulled_records (
        tid              TEXT PRIMARY KEY CHECK (tid GLOB '0x*' AND length(tid) = 34),
        workstation_id   TEXT NOT NULL,
        patient_id       TEXT NOT NULL REFERENCES patients (id),
        template_id      INTEGER NOT NULL,
        template_version INTEGER NOT NULL,
        clinician        TEXT NOT NULL,
        author           TEXT NOT NULL,
        -- The canonical record (T_I), still encrypted under the clinic data key.
        payload          BLOB NOT NULL,
        chain_record     TEXT NOT NULL,
        chain_batch      INTEGER NOT NULL,
        tx_hash          TEXT NOT NULL,
        block_number     INTEGER NOT NULL,
        leaf_index       INTEGER NOT NULL,
        proof            TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        anchored_at      TEXT NOT NULL,
        pulled_at        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pulled_by_patient ON pulled_records (patient_id, created_at);

      CREATE TABLE sync_problems (
        tid            TEXT PRIMARY KEY,
        workstation_id TEXT NOT NULL,
        kind           TEXT NOT NULL,
        detail         TEXT NOT NULL,
        seen_at        TEXT NOT NULL
      ) STRICT;
    `)
  }
}
