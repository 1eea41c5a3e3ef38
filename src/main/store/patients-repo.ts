import type { Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'

/**
 * A patient row. `phi` is an encrypted envelope (name, date of birth, MRN,
 * …); this repository never sees it in clear; the patients service encrypts
 * and decrypts with the clinic data key.
 */
export interface StoredPatient {
  readonly id: string
  readonly pseudonym: string
  readonly phi: Buffer
  readonly createdBy: number
  readonly createdAt: string
}

interface Row {
  id: string
  pseudonym: string
  phi: Buffer
  created_by: number
  created_at: string
}

const toPatient = (row: Row): StoredPatient => ({
  id: row.id,
  pseudonym: row.pseudonym,
  phi: row.phi,
  createdBy: row.created_by,
  createdAt: row.created_at
})

/** Patients of the local store. */
export class PatientsRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  insert(patient: Omit<StoredPatient, 'createdAt'>, now: Date = new Date()): StoredPatient {
    this.#db
      .prepare(
        'INSERT INTO patients (id, pseudonym, phi, created_by, created_at) VALUES (?, ?, ?, ?, ?)'
      )
      .run(patient.id, patient.pseudonym, patient.phi, patient.createdBy, now.toISOString())
    return this.get(patient.id)
  }

  find(id: string): StoredPatient | undefined {
    const row = this.#db.prepare('SELECT * FROM patients WHERE id = ?').get(id) as Row | undefined
    return row ? toPatient(row) : undefined
  }

  get(id: string): StoredPatient {
    const patient = this.find(id)
    if (!patient) throw makeError(`no patient ${id}`, 'NOT_FOUND')
    return patient
  }

  /**
   * Patients stored after row `rowid` (0 for all), in storage order, each
   * with its row number: what an index of decrypted patients reads to stay
   * current (patient rows are only ever added).
   */
  addedAfter(rowid: number): { rowid: number; patient: StoredPatient }[] {
    const rows = this.#db
      .prepare('SELECT rowid AS row_number, * FROM patients WHERE rowid > ? ORDER BY rowid')
      .all(rowid) as (Row & { row_number: number })[]
    return rows.map((row) => ({ rowid: row.row_number, patient: toPatient(row) }))
  }

  /** Every patient, oldest first (callers decrypt to search or sort by name). */
  list(): StoredPatient[] {
    return (this.#db.prepare('SELECT * FROM patients ORDER BY created_at, id').all() as Row[]).map(
      toPatient
    )
  }
}
