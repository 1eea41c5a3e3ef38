import { TemplateDefinition } from '../../shared/templates'
import { readAppJson } from './app-files'

/** The default templates' files in resources/templates/, in template id order. */
export const DEFAULT_TEMPLATE_FILES = [
  'vital-signs.json',
  'new-patient-assessment.json',
  'lab-result.json',
  'nursing-note.json',
  'patient-registration.json'
] as const

/** The templates a new ledger publishes: resources/templates/*.json, parsed. */
export function defaultTemplates(): TemplateDefinition[] {
  return DEFAULT_TEMPLATE_FILES.map((file) =>
    TemplateDefinition.parse(readAppJson('resources', 'templates', file))
  )
}
