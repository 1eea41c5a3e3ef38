import type { Rejection } from '../../shared/ipc/schemas'
import { reasonName, RULE_FAILED } from '../../shared/rules'
import { explainReason, validatedAttributes, type TemplateDefinition } from '../../shared/templates'
import type { RecordState } from '../store/records-repo'

/**
 * The ledger's refusal of a record in words, naming the attribute and rule
 * that failed under the template version it was signed with; null for a
 * record that is not refused.
 */
export function rejectionOf(
  record: { readonly state: RecordState; readonly reason: number | null },
  template: TemplateDefinition | undefined
): Rejection | null {
  if (record.state !== 'rejected' || record.reason === null) return null
  const slot = record.reason - RULE_FAILED
  const attribute = template && slot >= 0 ? validatedAttributes(template)[slot] : undefined
  return {
    code: record.reason,
    name: reasonName(record.reason),
    explanation: explainReason(template, record.reason),
    attribute: attribute?.key ?? null
  }
}
