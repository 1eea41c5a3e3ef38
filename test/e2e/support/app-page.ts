import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { seriousViolations } from './axe'

/** A page of the app that records every page error and console error it shows. */
export async function openApp(
  browser: Browser,
  url: string
): Promise<{ page: Page; errors: string[] }> {
  // axe-core needs a page of a context the test made (not browser.newPage's own).
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  await page.goto(url)
  return { page, errors }
}

/**
 * Asserts that axe finds no serious or critical violation on the screen now
 * shown. With MEDIBLOCK_E2E_SHOTS=DIR each checked screen is also saved there
 * as a PNG, to look at what the test saw.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A notification or modal fading in or out is half transparent: axe would
  // measure the contrast of a frame nobody reads. Wait for finite animations
  // and transitions to end (spinners run forever and are left alone).
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every(
          (animation) =>
            animation.playState !== 'running' ||
            animation.effect?.getComputedTiming().iterations === Infinity
        ),
    undefined,
    { timeout: 5_000 }
  )
  const shots = process.env['MEDIBLOCK_E2E_SHOTS']
  if (shots) {
    const name = screen.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
    // The whole page in one window's height, so that the status bar (fixed
    // to the window's bottom) is drawn at the bottom, not across the middle.
    const viewport = page.viewportSize()
    const height = await page.evaluate(() => document.documentElement.scrollHeight)
    if (viewport && height > viewport.height) await page.setViewportSize({ ...viewport, height })
    await page.screenshot({ path: join(shots, `${name}.png`) })
    if (viewport && height > viewport.height) await page.setViewportSize(viewport)
  }
  expect({ screen, violations: await seriousViolations(page) }).toEqual({ screen, violations: [] })
}

/** A required input's label: Mantine adds an asterisk to the accessible name. */
export function label(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`)
}
