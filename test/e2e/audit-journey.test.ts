import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { cliOn, patientAddArgs, userAddArgs, vitalsArgs } from '../support/cli-workstation'
import { expectAccessible, label, openApp } from './support/app-page'

// Journey 4: a row altered in the cloud database behind the app's back. The
// clinic is set up with the CLI (bundled node, embedded cloud: the SQLite
// file cloud.db in the data dir), a nurse's records anchored and synced, one
// row altered with better-sqlite3 as an intruder with database access would;
// then in Chromium against `mediblock serve`: the doctor sees the record's
// badge name the problem, the admin's audit names it with its tid and kind
// and its evidence, the report downloads naming it, restore repairs it and
// the audit is clean again, and a patient's FHIR bundle downloads.

const ADMIN = { username: 'admin', password: 'admin-pass-1' }
const DOCTOR = { username: 'dora', password: 'dora-pass-1' }
const NURSE = { username: 'nina', password: 'nina-pass-1' }

/** What the screen showed while an audit ran (it may be over before a poll would see it). */
const WATCH_PROGRESS = `(() => {
  window.__auditProgress = []
  new MutationObserver(() => {
    const panel = document.querySelector('[data-testid="audit-progress"]')
    if (panel) window.__auditProgress.push(panel.textContent)
  }).observe(document.body, { childList: true, subtree: true, characterData: true })
})()`

describe('journey 4 in Chromium: a row altered behind the app’s back', () => {
  let browser: Browser
  let serve: Awaited<ReturnType<typeof startServe>>
  let page: Page
  let errors: string[]
  let altered: string
  let intact: string[]
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-audit-journey-'))
  // The CLI and serve must find the same secrets: the vault, not a keychain.
  const previousStore = process.env['MEDIBLOCK_SECRET_STORE']

  beforeAll(async () => {
    process.env['MEDIBLOCK_SECRET_STORE'] = 'vault'
    const { ok } = cliOn(dataDir)
    const as = (password: string) => ({ MEDIBLOCK_PASSWORD: password })
    ok(['init', '--clinic', 'Riverside Clinic', '--admin', ADMIN.username], as(ADMIN.password))
    for (const [user, role] of [
      [DOCTOR, 'doctor'],
      [NURSE, 'nurse']
    ] as const) {
      ok(userAddArgs(user.username, role, ADMIN.username), {
        ...as(ADMIN.password),
        MEDIBLOCK_NEW_PASSWORD: user.password
      })
    }
    ok(patientAddArgs('M1', NURSE.username), as(NURSE.password))
    const tids = [70, 71, 72].map(
      (hr) => ok<{ tid: string }>(vitalsArgs(hr, 'M1', NURSE.username), as(NURSE.password)).tid
    )
    ok(['sync', '--as', NURSE.username], as(NURSE.password))
    altered = tids[1] as string
    intact = [tids[0] as string, tids[2] as string]

    // Behind the app's back: one column of one synced row changed in the cloud database.
    const cloud = new BetterSqlite3(join(dataDir, 'cloud.db'))
    const changed = cloud
      .prepare('UPDATE records SET clinician_seq = clinician_seq + 1000 WHERE tid = ?')
      .run(altered)
    cloud.close()
    expect(changed.changes).toBe(1)

    browser = await launchChromium()
    serve = await startServe(dataDir)
    ;({ page, errors } = await openApp(browser, serve.url))
  }, 300_000)

  afterAll(async () => {
    await page?.context().close()
    await browser?.close()
    if (serve) await stop(serve.child)
    if (previousStore === undefined) delete process.env['MEDIBLOCK_SECRET_STORE']
    else process.env['MEDIBLOCK_SECRET_STORE'] = previousStore
    rmSync(dataDir, { recursive: true, force: true })
  })

  // Each step builds on the one before: after a failure the rest only add noise.
  let broken = false
  beforeEach(({ skip }) => {
    if (broken) skip()
  })
  afterEach(({ task }) => {
    if (task.result?.state === 'fail') broken = true
  })

  async function logIn(user: { username: string; password: string }) {
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await page.getByRole('combobox', { name: 'User' }).fill(user.username)
    await page.getByLabel(label('Password')).fill(user.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('button', { name: 'Log out' }).waitFor()
  }

  /** The file a click downloads, with its name and text. */
  async function downloaded(click: () => Promise<void>): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 60_000 }),
      click()
    ])
    const path = await download.path()
    return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') }
  }

  const progressSeen = () => page.evaluate<string[]>('window.__auditProgress')
  const item = (tid: string) => page.locator(`[data-testid="timeline-item"][data-tid="${tid}"]`)
  const verification = (tid: string) => item(tid).locator('[data-verification]')

  it('the doctor opens the patient: the altered record’s badge names the problem', async () => {
    await logIn(DOCTOR)
    await page.getByTestId('patients-screen').waitFor()
    await page.getByRole('button', { name: 'J', exact: true }).click()
    await page.getByTestId('patient-header').waitFor()

    // Shown, so checked against the chain: the altered row is named, the others verify.
    const badge = verification(altered)
    await expect
      .poll(() => badge.getAttribute('data-verification'), { timeout: 60_000 })
      .toBe('problem')
    expect(await badge.getAttribute('data-kind')).toBe('modified')
    expect(await badge.textContent()).toMatch(/^Problem found: changed in the cloud\. .+/)
    for (const tid of intact) {
      await expect
        .poll(() => verification(tid).getAttribute('data-verification'), { timeout: 60_000 })
        .toBe('verified')
    }
    // The detail is also in a tooltip for the eye.
    await badge.hover()
    const tooltip = page.getByRole('tooltip')
    await tooltip.waitFor()
    expect(await tooltip.textContent()).toMatch(/\S/)
    await expectAccessible(page, 'patient page with a problem found')
    expect(errors).toEqual([])
  }, 120_000)

  it('the admin’s audit names the problem with its tid, kind and evidence; the report names it', async () => {
    await page.getByRole('button', { name: 'Log out' }).click()
    await logIn(ADMIN)
    await page.getByRole('button', { name: 'Audit', exact: true }).click()
    await page.getByTestId('audit-screen').waitFor()
    await expectAccessible(page, 'audit')

    await page.evaluate(WATCH_PROGRESS)
    const started = Date.now()
    await page.getByRole('button', { name: 'Verify' }).click()
    const summary = page.getByTestId('audit-summary')
    await summary.waitFor({ timeout: 120_000 })
    console.log(
      `journey 4: verify on the audit screen, click to result: ${Date.now() - started} ms`
    )
    const seen = await progressSeen()
    console.log(`journey 4: what the progress panel said: ${JSON.stringify([...new Set(seen)])}`)
    expect(seen[0]).toMatch(/Verifying the whole clinic/)
    expect(await summary.getAttribute('data-outcome')).toBe('problems')
    expect(await summary.textContent()).toMatch(/1 problem found.*Checked \d+ records/)

    const table = page.getByRole('table', { name: 'Problems found' })
    const row = table.getByRole('row').filter({ hasText: altered })
    expect(await row.textContent()).toMatch(/changed in the cloud/)
    expect(await row.locator('[data-kind]').getAttribute('data-kind')).toBe('modified')
    // The patient is named from this workstation's copy, and opens from here.
    await row.getByRole('button', { name: 'Open J' }).waitFor()
    await page
      .getByRole('button', { name: `Evidence for record ${altered}: changed in the cloud` })
      .click()
    const differences = page.getByRole('table', { name: `Differences for record ${altered}` })
    await differences.waitFor()
    const difference = differences.getByRole('row').filter({ hasText: 'clinicianSeq' })
    const [field, expected, found] = await difference.getByRole('cell').allTextContents()
    expect(field).toBe('clinicianSeq')
    expect(Number(found) - Number(expected)).toBe(1000)
    await expectAccessible(page, 'audit: a problem found, with its evidence')

    // The report, as HTML: downloaded, naming the record and its problem.
    await page.evaluate(WATCH_PROGRESS)
    const report = await downloaded(() =>
      page.getByRole('button', { name: 'Download report' }).click()
    )
    expect(report.name).toMatch(/^audit-report-.*\.html$/)
    expect(report.text).toMatch(/<html/i)
    expect(report.text).toContain(altered)
    expect(report.text).toMatch(/modified/)
    await page.getByTestId('report-downloaded').waitFor()
    expect((await progressSeen())[0]).toMatch(/Writing the report on the whole clinic/)
    expect(errors).toEqual([])
  }, 240_000)

  it('restore repairs the row (admin) and the audit verifies again', async () => {
    await page.getByRole('button', { name: 'Restore 1 record…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Restore 1 record?' })
    await dialog.waitFor()
    // Opened all the way (its transition over) before it is checked and pictured.
    await expect
      .poll(() => dialog.evaluate((el) => getComputedStyle(el).opacity), { timeout: 5_000 })
      .toBe('1')
    await expectAccessible(page, 'audit: restore, confirm')
    await dialog.getByRole('button', { name: 'Restore', exact: true }).click()

    const outcomes = page.getByTestId('restore-outcomes')
    await outcomes.waitFor({ timeout: 120_000 })
    const repaired = outcomes.getByRole('row').filter({ hasText: altered })
    expect(await repaired.getAttribute('data-action')).toBe('rewritten')
    // Verified again by itself: clean now.
    await expect
      .poll(() => page.getByTestId('audit-summary').getAttribute('data-outcome'), {
        timeout: 120_000
      })
      .toBe('verified')
    expect(await page.getByRole('table', { name: 'Problems found' }).count()).toBe(0)
    await expectAccessible(page, 'audit: restored and verified again')

    // The cloud row holds the signed record's sequence again.
    const cloud = new BetterSqlite3(join(dataDir, 'cloud.db'), { readonly: true })
    const seqs = cloud
      .prepare(`SELECT clinician_seq AS seq FROM records WHERE tid IN (?, ?, ?)`)
      .all(altered, ...intact) as { seq: number }[]
    cloud.close()
    expect(Math.max(...seqs.map((s) => s.seq))).toBeLessThan(1000)
    expect(errors).toEqual([])
  }, 240_000)

  it('the admin exports a patient as a FHIR bundle', async () => {
    const picker = page.getByRole('combobox', { name: 'Patient to export' })
    await picker.scrollIntoViewIfNeeded()
    await picker.fill('M1')
    await page.getByRole('option', { name: /^J · MRN M1/ }).click()
    const bundle = await downloaded(() =>
      page.getByRole('button', { name: 'Export FHIR bundle' }).click()
    )
    expect(bundle.name).toMatch(/\.fhir\.json$/)
    const parsed = JSON.parse(bundle.text) as {
      resourceType: string
      entry: { resource: { resourceType: string; identifier?: { value: string }[] } }[]
    }
    expect(parsed.resourceType).toBe('Bundle')
    const types = parsed.entry.map((e) => e.resource.resourceType)
    expect(types).toContain('Patient')
    // Every vital-signs record is in it, the restored one too, each with its Provenance.
    const exported = parsed.entry.flatMap((e) => e.resource.identifier ?? []).map((i) => i.value)
    for (const tid of [altered, ...intact]) expect(exported).toContain(tid)
    expect(types).toContain('Provenance')
    await page.getByText(/Downloaded .*\.fhir\.json: 4 records on chain/).waitFor()
    await expectAccessible(page, 'audit: FHIR export downloaded')
    expect(errors).toEqual([])
  }, 120_000)
})
