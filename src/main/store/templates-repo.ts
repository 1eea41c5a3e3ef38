import type { Database } from 'better-sqlite3'
import { makeError } from '../../shared/errors'
import { TemplateDefinition, templateHash } from '../../shared/templates'

/** A template version as the TTM keeps it: the definition and who published it when. */
export interface StoredTemplate {
  readonly definition: TemplateDefinition
  readonly hash: string
  readonly publishedAt: string
  readonly publishedBy: string
}

interface Row {
  definition: string
  hash: string
  published_at: string
  published_by: string
}

const toTemplate = (row: Row): StoredTemplate => ({
  definition: TemplateDefinition.parse(JSON.parse(row.definition)),
  hash: row.hash,
  publishedAt: row.published_at,
  publishedBy: row.published_by
})

/** The TTM's store: every published template version, never changed once written. */
export class TemplatesRepo {
  readonly #db: Database

  constructor(db: Database) {
    this.#db = db
  }

  /**
   * Records a version as published. A slug belongs to one template id, and a
   * template's versions only grow; anything else is a `CONFLICT`.
   */
  add(definition: TemplateDefinition, publishedBy: string, now: Date = new Date()): StoredTemplate {
    const def = TemplateDefinition.parse(definition)
    return this.#db
      .transaction(() => {
        const owner = this.#db
          .prepare('SELECT id FROM templates WHERE slug = ? AND id != ? LIMIT 1')
          .get(def.slug, def.id) as { id: number } | undefined
        if (owner) {
          throw makeError(`the name ${def.slug} belongs to template ${owner.id}`, 'CONFLICT')
        }
        const latest = this.latestVersion(def.id)
        if (latest !== undefined && def.version <= latest) {
          throw makeError(
            `template ${def.id} is at version ${latest}; a new version must be higher`,
            'CONFLICT'
          )
        }
        this.#db
          .prepare(
            `INSERT INTO templates (id, version, slug, title, definition, hash, published_at, published_by)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
          )
          .run(
            def.id,
            def.version,
            def.slug,
            def.title,
            JSON.stringify(def),
            templateHash(def),
            now.toISOString(),
            publishedBy
          )
        return this.get(def.id, def.version)
      })
      .immediate()
  }

  /** The highest published version of template `id`, if any. */
  latestVersion(id: number): number | undefined {
    const row = this.#db
      .prepare('SELECT MAX(version) AS v FROM templates WHERE id = ?')
      .get(id) as {
      v: number | null
    }
    return row.v ?? undefined
  }

  find(id: number, version: number): StoredTemplate | undefined {
    const row = this.#db
      .prepare('SELECT * FROM templates WHERE id = ? AND version = ?')
      .get(id, version) as Row | undefined
    return row ? toTemplate(row) : undefined
  }

  get(id: number, version: number): StoredTemplate {
    const found = this.find(id, version)
    if (!found) throw makeError(`no template ${id} version ${version}`, 'NOT_FOUND')
    return found
  }

  /** Every version, by id then version. */
  all(): StoredTemplate[] {
    const rows = this.#db.prepare('SELECT * FROM templates ORDER BY id, version').all() as Row[]
    return rows.map(toTemplate)
  }

  /** The latest version of each template, by id. */
  latest(): StoredTemplate[] {
    const rows = this.#db
      .prepare(
        `SELECT t.* FROM templates t
         WHERE t.version = (SELECT MAX(version) FROM templates WHERE id = t.id)
         ORDER BY t.id`
      )
      .all() as Row[]
    return rows.map(toTemplate)
  }
}
