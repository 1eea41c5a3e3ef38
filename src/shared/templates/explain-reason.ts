import { REASON, RULE_FAILED, type ReasonCode } from '../rules/reasons'
import { validatedAttributes } from './chain-template'
import type { TemplateDefinition } from './template-schema'

const GENERAL: Readonly<Record<number, string>> = {
  [REASON.ACCEPTED]: 'accepted',
  [REASON.BAD_SIGNATURE]: 'the signature does not verify',
  [REASON.UNKNOWN_CLINICIAN]: 'the author is not registered on the ledger',
  [REASON.UNKNOWN_TEMPLATE]: 'the template version is not published on the ledger',
  [REASON.ROLE_NOT_ALLOWED]: "the author's role may not use this template",
  [REASON.REPLAY]: 'this signed record was already anchored (replay)'
}

/** The ledger's reason code in words, naming the attribute and rule that failed. */
export function explainReason(
  template: TemplateDefinition | undefined,
  reason: ReasonCode
): string {
  const general = GENERAL[reason]
  if (general) return general
  const slot = reason - RULE_FAILED
  const attribute = template ? validatedAttributes(template)[slot] : undefined
  const rule = attribute?.onChain
  if (!attribute || !rule) return `rule ${slot} failed`
  const name = `${attribute.label} (${attribute.key})`
  const unit = attribute.unit ? ` ${attribute.unit}` : ''
  switch (rule.kind) {
    case 'required':
      return `${name} is required`
    case 'range':
      return `${name} must be between ${rule.min} and ${rule.max}${unit}`
    case 'codes':
      return `${name} must be one of ${rule.allowed.join(', ')}`
  }
}
