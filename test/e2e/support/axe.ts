import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** One accessibility violation, short enough to read in a failed assertion. */
export interface Violation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/**
 * Runs axe-core on the page as it stands (WCAG 2.x A and AA rules) and
 * answers the serious and critical violations; an empty list passes.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((node) => node.target.join(' '))
    }))
}
