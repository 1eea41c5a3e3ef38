import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { tempDir } from '../support/temp-dir'

describe('browser mode in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser.close()
  })

  it('renders the first screen with live data from the core, and keeps the token out of the address bar', async () => {
    const dataDir = tempDir()
    const { child, url } = await startServe(dataDir)
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    try {
      await page.goto(url)
      await page.getByTestId('first-run-screen').waitFor()
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'Welcome to MediBlock'
      )
      expect(await page.getByTestId('data-dir').textContent()).toBe(dataDir)
      expect(await page.getByText('browser mode').count()).toBeGreaterThan(0)
      expect(new URL(page.url()).hash).toBe('')
      expect(errors).toEqual([])
    } finally {
      await page.close()
      await stop(child)
    }
  })

  it('asks for the printed link when opened without the token', async () => {
    const { child, port } = await startServe(tempDir())
    const page = await browser.newPage()
    try {
      await page.goto(`http://127.0.0.1:${port}/`)
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/needs the link that `mediblock serve` printed/)
    } finally {
      await page.close()
      await stop(child)
    }
  })

  it('tells the user when MediBlock stops', async () => {
    const { child, url } = await startServe(tempDir())
    const page = await browser.newPage()
    try {
      await page.goto(url)
      await page.getByTestId('first-run-screen').waitFor()
      // Give the event stream a moment to attach before stopping the core.
      await page.waitForTimeout(300)
      expect(await stop(child)).toBe(0)
      await expect
        .poll(() => page.getByRole('alert').textContent())
        .toMatch(/MediBlock has stopped/)
    } finally {
      await page.close()
    }
  })
})
