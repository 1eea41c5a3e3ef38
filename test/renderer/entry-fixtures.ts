import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TemplateDetail } from '../../src/shared/ipc/schemas'
import { TemplateDefinition } from '../../src/shared/templates'

/** A default template as the core publishes it (resources/templates). */
export function defaultTemplate(file: string): TemplateDefinition {
  const path = resolve(import.meta.dirname, '../../resources/templates', file)
  return TemplateDefinition.parse(JSON.parse(readFileSync(path, 'utf8')))
}

/** A template version as `templates:get` answers it. */
export function templateDetail(definition: TemplateDefinition, latest = true): TemplateDetail {
  return {
    id: definition.id,
    version: definition.version,
    slug: definition.slug,
    title: definition.title,
    roles: definition.roles,
    hash: `0x${'11'.repeat(32)}`,
    publishedAt: '2026-01-01T00:00:00.000Z',
    publishedBy: 'alice',
    latest,
    definition,
    versions: [definition.version]
  }
}
