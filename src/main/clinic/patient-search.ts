import type { PatientSummary } from '../../shared/ipc/schemas'
import type { App } from '../core/create-app'
import type { DeviceSecrets } from '../keys/device-secrets'
import { PatientDetails } from './patients-service'

/** Lower case, accents and punctuation away: what a search compares. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()
}

const byName = new Intl.Collator(undefined, { sensitivity: 'base' })

interface Entry {
  readonly patient: PatientSummary
  /** Folded words of the name. */
  readonly words: readonly string[]
  /** Everything a term may match, folded, one field per line. */
  readonly haystack: string
  readonly mrn: string
}

/** How well an entry matches: lower is better; undefined when it does not. */
function rank(entry: Entry, terms: readonly string[]): number | undefined {
  let score = 0
  for (const term of terms) {
    if (!entry.haystack.includes(term)) return undefined
    if (entry.mrn === term) score -= 100
    else if (entry.words.some((w) => w.startsWith(term))) score -= 10
  }
  return score
}

/**
 * Patients decrypted once, kept in the main process while someone is
 * logged in, so that searching as one types costs a scan of memory, not a
 * decryption of every patient per keystroke. Patient rows are only ever
 * added (here or pulled from another workstation): each search first reads
 * the rows stored since the last one.
 */
export class PatientIndex {
  readonly #app: App
  readonly #secrets: Pick<DeviceSecrets, 'decryptPhi'>
  readonly #entries = new Map<string, Entry>()
  /** The entries by name: a search keeps this order within a rank. */
  #byName: Entry[] = []
  #lastRow = 0

  constructor(app: App, secrets: Pick<DeviceSecrets, 'decryptPhi'>) {
    this.#app = app
    this.#secrets = secrets
  }

  /** Reads and decrypts the patients stored since the last call. */
  refresh(): void {
    const added = this.#app.store.patients.addedAfter(this.#lastRow)
    if (added.length === 0) return
    for (const { rowid, patient } of added) {
      this.#lastRow = rowid
      const details = PatientDetails.parse(
        JSON.parse(this.#secrets.decryptPhi(patient.phi, patient.id).toString('utf8'))
      )
      const summary: PatientSummary = {
        id: patient.id,
        name: details.name,
        dateOfBirth: details.dateOfBirth,
        sex: details.sex,
        mrn: details.mrn ?? null,
        createdAt: patient.createdAt
      }
      const name = foldText(details.name)
      const mrn = foldText(details.mrn ?? '')
      this.#entries.set(patient.id, {
        patient: summary,
        words: name.split(/[^\p{L}\p{N}]+/u).filter(Boolean),
        haystack: [name, mrn, details.dateOfBirth].join('\n'),
        mrn
      })
    }
    this.#byName = [...this.#entries.values()].sort(
      (a, b) =>
        byName.compare(a.patient.name, b.patient.name) || (a.patient.id < b.patient.id ? -1 : 1)
    )
  }

  /** A patient by id, or by exact MRN; undefined when none. */
  find(idOrMrn: string): PatientSummary | undefined {
    this.refresh()
    const byId = this.#entries.get(idOrMrn)
    if (byId) return byId.patient
    const mrn = foldText(idOrMrn)
    for (const entry of this.#entries.values()) if (entry.mrn === mrn) return entry.patient
    return undefined
  }

  /**
   * Patients every term of `query` matches (a part of the name, MRN or date
   * of birth): an exact MRN first, then names with a word starting with a
   * term, then by name. Answers at most `limit`, and how many match in all.
   */
  search(query: string, limit: number): { patients: PatientSummary[]; total: number } {
    this.refresh()
    const terms = foldText(query).split(/\s+/).filter(Boolean)
    const hits: { entry: Entry; score: number }[] = []
    for (const entry of this.#byName) {
      const score = rank(entry, terms)
      if (score !== undefined) hits.push({ entry, score })
    }
    // Stable: by name within a rank.
    hits.sort((a, b) => a.score - b.score)
    return { patients: hits.slice(0, limit).map((h) => h.entry.patient), total: hits.length }
  }
}
