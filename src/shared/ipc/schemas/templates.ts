import { z } from 'zod'
import { TemplateDefinition } from '../../templates'

/** A template version as the TTM keeps it. */
export const TemplateSummary = z.object({
  id: z.int(),
  version: z.int(),
  slug: z.string(),
  title: z.string(),
  roles: z.array(z.string()),
  /** keccak256 of the definition: the hash the ledger holds and every record carries. */
  hash: z.string(),
  publishedAt: z.string(),
  publishedBy: z.string(),
  /** `true` for the version new records use. */
  latest: z.boolean()
})
export type TemplateSummary = z.infer<typeof TemplateSummary>

/** `templates:list`: the latest version of each template, or every version. */
export const TemplatesListRequest = z.object({ allVersions: z.boolean().default(false) }).strict()

/** `templates:get`: `vital-signs` (latest), `vital-signs@1`, or an unambiguous prefix. */
export const TemplateGetRequest = z.object({ template: z.string().min(1).max(80) }).strict()

/** A template version with its full definition (attributes, units, on-chain rules, roles). */
export const TemplateDetail = TemplateSummary.extend({
  definition: TemplateDefinition,
  /** Every published version of this template, oldest first. */
  versions: z.array(z.int())
})
export type TemplateDetail = z.infer<typeof TemplateDetail>

/** `templates:publish`: a new template, or a new version of one (the version only grows). */
export const TemplatePublishRequest = z.object({ definition: TemplateDefinition }).strict()
