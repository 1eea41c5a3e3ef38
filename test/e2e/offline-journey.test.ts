import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { cliOn } from '../support/cli-workstation'
import { PostgresServer } from '../support/postgres-server'
import { expectAccessible, openApp } from './support/app-page'
import {
  ADMIN,
  nurseOpensPatient,
  openForm,
  progressState,
  setUpClinic,
  typeVitals
} from './support/entry-steps'

// Journey 3: the cloud database is a real PostgreSQL server on loopback,
// started by the test; the ledger is the bundled node. The server stops:
// entries still go on chain but wait for the cloud, and the status bar says
// offline. The server comes back: the queue drains and the records turn
// synced, in the same page (no reload).

process.env['MEDIBLOCK_SECRET_STORE'] = 'vault'

describe('journey 3: the cloud goes away and comes back (PostgreSQL)', () => {
  let pg: PostgresServer
  let browser: Browser
  let serve: Awaited<ReturnType<typeof startServe>>
  let page: Page
  let errors: string[]
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-offline-'))

  beforeAll(async () => {
    pg = await PostgresServer.start()
    const db = await pg.createDatabase()
    setUpClinic(dataDir)
    const { ok } = cliOn(dataDir)
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN.password }
    ok(
      [
        'cloud',
        'set',
        '--engine',
        'postgres',
        '--host',
        db.host,
        '--port',
        String(db.port),
        '--database',
        db.database,
        '--user',
        db.user,
        '--tls',
        'off',
        '--as',
        ADMIN.username
      ],
      { ...asAdmin, MEDIBLOCK_CLOUD_PASSWORD: db.password }
    )
    ok(['cloud', 'migrate', '--as', ADMIN.username], asAdmin)
    browser = await launchChromium()
    serve = await startServe(dataDir)
    ;({ page, errors } = await openApp(browser, serve.url))
    await nurseOpensPatient(page)
  }, 300_000)
  afterAll(async () => {
    await page?.context().close()
    await browser?.close()
    if (serve) await stop(serve.child)
    await pg?.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  })

  const cloudFact = () => page.getByTestId('status-cloud').textContent()
  const offline = () => page.getByTestId('status-bar').getAttribute('data-offline')
  const stateOf = (tid: string) =>
    page.locator(`[data-testid="timeline-item"][data-tid="${tid}"] [data-state]`).first()

  it('entries queue for the cloud while PostgreSQL is down, and turn synced when it is back, without a reload', async () => {
    // A marker that a reload would lose.
    await page.evaluate(() => ((window as unknown as { journey: string }).journey = 'same page'))
    await expect.poll(cloudFact, { timeout: 30_000 }).toMatch(/Cloud: connected/)

    // Online: on chain, then synced.
    await openForm(page, 'Vital signs')
    await typeVitals(page, { heartRate: 70 })
    await page.keyboard.press('Enter')
    await expect.poll(() => progressState(page), { timeout: 60_000 }).toBe('synced')

    // The server stops: the status bar says offline within a probe or two (every 5 s).
    await pg.stop()
    await expect.poll(offline, { timeout: 30_000 }).toBe('true')
    expect(await cloudFact()).toMatch(/Cloud: unreachable/)
    await page.getByTestId('offline-banner').waitFor()

    // Entries still reach the chain, and wait for the cloud.
    const queued: string[] = []
    for (const heartRate of [74, 78]) {
      await page.getByRole('button', { name: 'Enter another' }).click()
      await page.getByTestId('entry-progress').waitFor({ state: 'detached' })
      await typeVitals(page, { heartRate })
      await page.keyboard.press('Enter')
      await expect.poll(() => progressState(page), { timeout: 60_000 }).toBe('anchored')
      queued.push((await page.getByTestId('entry-progress').getAttribute('data-tid'))!)
    }
    await expectAccessible(page, 'entry on chain, cloud offline')
    await expect
      .poll(() => page.getByTestId('status-queue').textContent(), { timeout: 30_000 })
      .toMatch(/2 waiting for the cloud/)
    await page.getByRole('button', { name: 'Back to the patient' }).click()
    for (const tid of queued) {
      await stateOf(tid).waitFor()
      expect(await stateOf(tid).getAttribute('data-state')).toBe('anchored')
    }
    await expectAccessible(page, 'patient timeline, cloud offline')

    // The server is back: the queue drains, the statuses turn synced, in this same page.
    await pg.restart()
    await expect.poll(offline, { timeout: 30_000 }).toBe('false')
    for (const tid of queued) {
      await expect
        .poll(() => stateOf(tid).getAttribute('data-state'), { timeout: 180_000 })
        .toBe('synced')
    }
    await expect
      .poll(() => page.getByTestId('status-queue').textContent(), { timeout: 30_000 })
      .not.toMatch(/waiting for the cloud/)
    expect(await page.evaluate(() => (window as unknown as { journey?: string }).journey)).toBe(
      'same page'
    )
    await expectAccessible(page, 'patient timeline, synced again')
    expect(errors).toEqual([])
  }, 420_000)
})
