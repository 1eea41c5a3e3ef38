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

/**
 * The usual adult range of a vital sign: the band that scores 0 in the Royal
 * College of Physicians' National Early Warning Score 2 (NEWS2), shaded on
 * its chart. The ledger's accepted range (what the contract lets through at
 * all) is much wider; both are said in words under the chart.
 */
export const USUAL_RANGES: Readonly<Record<string, { low: number; high: number }>> = {
  heartRate: { low: 51, high: 90 },
  respiratoryRate: { low: 12, high: 20 },
  spo2: { low: 96, high: 100 },
  temperature: { low: 36.1, high: 38 },
  systolic: { low: 111, high: 219 }
}
