import type { TimelineItem } from '../../../shared/ipc/schemas'
import type { TemplateDefinition } from '../../../shared/templates'
import { formatDate } from './format'
import { unitText } from './units'

type Value = TimelineItem['attributes'][string]

/** One attribute of a record as a person reads it: its label, and its value with unit or answer. */
export interface AttributeText {
  key: string
  label: string
  text: string
}

/**
 * A record's attributes in the template's order, labelled: a coded value
 * shows its answer's words, a quantity its unit, a date as a date. Without
 * the template (not loaded, or not found) the keys and raw values show.
 */
export function attributeTexts(
  definition: TemplateDefinition | null | undefined,
  attributes: Record<string, Value>
): AttributeText[] {
  const raw = (value: Value) =>
    typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value)
  if (!definition) {
    return Object.entries(attributes).map(([key, value]) => ({ key, label: key, text: raw(value) }))
  }
  const texts: AttributeText[] = []
  const seen = new Set<string>()
  for (const attribute of definition.attributes) {
    const value = attributes[attribute.key]
    seen.add(attribute.key)
    if (value === undefined || value === '') continue
    let text = raw(value)
    if (attribute.type === 'coded') {
      text = attribute.answers?.find((answer) => answer.code === value)?.display ?? text
    } else if (attribute.type === 'date' && typeof value === 'string') {
      text = formatDate(value)
    } else if (unitText(attribute.unit) && typeof value === 'number') {
      text = `${value} ${unitText(attribute.unit)}`
    }
    texts.push({ key: attribute.key, label: attribute.label, text })
  }
  // Anything the template does not name still shows, as it came.
  for (const [key, value] of Object.entries(attributes)) {
    if (!seen.has(key)) texts.push({ key, label: key, text: raw(value) })
  }
  return texts
}
