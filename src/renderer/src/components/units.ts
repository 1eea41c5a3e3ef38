/** UCUM codes as a person writes them beside a number. */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  Cel: '°C',
  'mm[Hg]': 'mmHg',
  '[degF]': '°F',
  'g/dL': 'g/dL',
  'mg/dL': 'mg/dL',
  'mmol/L': 'mmol/L'
}

/**
 * A template's UCUM unit for display: `Cel` is °C, `mm[Hg]` mmHg; an
 * annotation alone (`{score}`) is a count with no unit to show.
 */
export function unitText(unit: string | null | undefined): string {
  if (!unit) return ''
  if (/^\{[^}]*\}$/.test(unit)) return ''
  return UNIT_WORDS[unit] ?? unit
}
