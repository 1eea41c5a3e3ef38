import { zodResolver } from '@hookform/resolvers/zod'
import type { z } from 'zod'
import { TemplateDefinition } from '../../../../../shared/templates'
import { PLAIN_ERRORS } from '../../../components/form-errors'

/** What the editor's inputs hold: a definition as typed, before the schema's defaults. */
export type Draft = z.input<typeof TemplateDefinition>

/** The core's own schema for `templates:publish`, checking the editor's inputs. */
export const draftResolver = zodResolver(TemplateDefinition, PLAIN_ERRORS)

/** A new version's starting point: the latest definition, its version one up. */
export function nextVersionOf(latest: TemplateDefinition, versions: readonly number[]): Draft {
  const version = Math.max(latest.version, ...versions) + 1
  return structuredClone({ ...latest, version })
}

/** Problems with a JSON text as the core's schema names them: `attributes.2.onChain: …`. */
export function jsonProblems(text: string): {
  definition: TemplateDefinition | null
  problems: string[]
} {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return { definition: null, problems: [`Not valid JSON: ${(error as Error).message}`] }
  }
  const result = TemplateDefinition.safeParse(parsed, PLAIN_ERRORS)
  if (result.success) return { definition: result.data, problems: [] }
  return {
    definition: null,
    problems: result.error.issues.map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message
    )
  }
}
