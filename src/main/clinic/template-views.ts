import type { TemplateDetail, TemplateSummary } from '../../shared/ipc/schemas'
import type { App } from '../core/create-app'
import type { StoredTemplate } from '../store/templates-repo'
import { findTemplate } from './templates-service'

function summary(app: App, stored: StoredTemplate): TemplateSummary {
  const { definition: def } = stored
  return {
    id: def.id,
    version: def.version,
    slug: def.slug,
    title: def.title,
    roles: [...def.roles],
    hash: stored.hash,
    publishedAt: stored.publishedAt,
    publishedBy: stored.publishedBy,
    latest: app.store.templates.latestVersion(def.id) === def.version
  }
}

/** The templates for the screens: the latest version of each, or every version. */
export function templateSummaries(app: App, allVersions: boolean): TemplateSummary[] {
  const stored = allVersions ? app.store.templates.all() : app.store.templates.latest()
  return stored.map((t) => summary(app, t))
}

/** One template version with its definition (by slug, `slug@version`, id or prefix). */
export function templateDetail(app: App, name: string): TemplateDetail {
  const def = findTemplate(app, name)
  const stored = app.store.templates.get(def.id, def.version)
  return {
    ...summary(app, stored),
    definition: stored.definition,
    versions: app.store.templates
      .all()
      .filter((t) => t.definition.id === def.id)
      .map((t) => t.definition.version)
  }
}

/** The summary of a version just published. */
export function publishedSummary(app: App, stored: StoredTemplate): TemplateSummary {
  return summary(app, stored)
}
