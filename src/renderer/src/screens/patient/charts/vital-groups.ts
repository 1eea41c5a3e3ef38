import type { RecordsSeriesResult } from '../../../../../shared/ipc/schemas'

export type Series = RecordsSeriesResult['series'][number]

/**
 * Attributes drawn on one chart together (same unit, read together); any
 * other numeric attribute gets a chart of its own.
 */
const GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'Blood pressure', keys: ['systolic', 'diastolic'] }
]

/** Charts in the template's order: the groups above where their attributes are, the rest one each. */
export function chartGroups(series: readonly Series[]): { title: string; series: Series[] }[] {
  const charts: { title: string; series: Series[] }[] = []
  const placed = new Set<string>()
  for (const one of series) {
    if (placed.has(one.attribute)) continue
    const group = GROUPS.find((g) => g.keys.includes(one.attribute))
    const members = group ? series.filter((s) => group.keys.includes(s.attribute)) : [one]
    for (const member of members) placed.add(member.attribute)
    charts.push({ title: group && members.length > 1 ? group.title : one.label, series: members })
  }
  return charts
}
