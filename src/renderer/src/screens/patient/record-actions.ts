import type { TemplateSummary, TimelineItem } from '../../../../shared/ipc/schemas'
import type { Role } from '../../../../shared/roles'
import { isClinical } from '../../state/navigation-slice'
import { REGISTRATION_TEMPLATE } from '../patients/PatientsScreen'

/**
 * The templates `role` may author for a patient already registered: those
 * whose roles name it (what the ledger enforces: it refuses a record signed
 * under a template that does not), without the registration itself, in the
 * order the TTM numbers them.
 */
export function authorableTemplates(
  list: readonly TemplateSummary[] | null,
  role: Role | undefined
): TemplateSummary[] {
  if (!list || !role || !isClinical(role)) return []
  return list
    .filter((t) => t.latest && t.slug !== REGISTRATION_TEMPLATE && t.roles.includes(role))
    .sort((a, b) => a.id - b.id)
}

/**
 * Whether a record may be corrected from the timeline: it is on chain (a
 * queued or refused one is not a fact yet to correct), nothing corrects it
 * already (the newest version is the one to correct), and its template is
 * one the user may author.
 */
export function mayCorrect(item: TimelineItem, authorable: readonly TemplateSummary[]): boolean {
  return (
    (item.state === 'anchored' || item.state === 'synced') &&
    !item.supersededBy &&
    authorable.some((t) => t.slug === item.template.slug)
  )
}
