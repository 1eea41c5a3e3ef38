import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { cliOn, patientAddArgs, userAddArgs, vitalsArgs } from '../support/cli-workstation'
import { expectAccessible, label, openApp } from './support/app-page'

// The admin walks every admin section in Chromium against `mediblock serve`
// (bundled node, embedded cloud) on a fresh data dir set up with the CLI:
// users (disable and enable, a disabled user cannot log in, a password reset
// refused for a user who has signed and done for one who has not),
// templates (a new version published and listed), ledger, cloud, queue,
// the security log (the disable is there) and settings (auto-lock).

const ADMIN = { username: 'alice', password: 'alice-password-1' }
const NURSE = { username: 'nina', password: 'nina-password-1' }
const DOCTOR = { username: 'dora', password: 'dora-password-1', newPassword: 'dora-password-2' }

describe('the admin screens in Chromium', () => {
  let browser: Browser
  let serve: Awaited<ReturnType<typeof startServe>>
  let page: Page
  let errors: string[]
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-admin-'))

  beforeAll(async () => {
    // Secrets in the vault for the CLI and the server alike (no keychain here).
    process.env['MEDIBLOCK_SECRET_STORE'] = 'vault'
    const { ok } = cliOn(dataDir)
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN.password }
    ok(['init', '--clinic', 'Riverside Clinic', '--admin', ADMIN.username], asAdmin)
    ok(userAddArgs(NURSE.username, 'nurse', ADMIN.username), {
      ...asAdmin,
      MEDIBLOCK_NEW_PASSWORD: NURSE.password
    })
    ok(userAddArgs(DOCTOR.username, 'doctor', ADMIN.username), {
      ...asAdmin,
      MEDIBLOCK_NEW_PASSWORD: DOCTOR.password
    })
    // The nurse signs records (a registration, and vital signs the ledger refuses: a heart
    // rate above 250): her key can no longer be replaced, and the queue holds a refusal.
    const asNurse = { MEDIBLOCK_PASSWORD: NURSE.password }
    ok(patientAddArgs('M1', NURSE.username), asNurse)
    ok(vitalsArgs(300, 'M1', NURSE.username), asNurse)
    browser = await launchChromium()
    serve = await startServe(dataDir)
    ;({ page, errors } = await openApp(browser, serve.url))
    await logIn(page, ADMIN.username, ADMIN.password)
    await page.getByRole('heading', { name: 'Users and roles', level: 1 }).waitFor()
  }, 300_000)
  afterAll(async () => {
    await page?.context().close()
    await browser?.close()
    if (serve) await stop(serve.child)
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

  const section = (name: string) =>
    page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name, exact: true })
      .click()
  const users = () => page.getByRole('table', { name: 'Users' })
  const userRow = (username: string) =>
    users()
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: username, exact: true }) })

  it('users: disables a clinician (saying what happens on the ledger), who then cannot log in, and enables her again', async () => {
    await userRow(NURSE.username).waitFor()
    expect(await userRow(NURSE.username).textContent()).toMatch(/nurse.*0x[0-9a-f]{40}.*since/i)
    await expectAccessible(page, 'admin: users with actions')

    await page.getByRole('button', { name: `Disable ${NURSE.username}` }).click()
    const dialog = page.getByRole('dialog')
    await dialog.waitFor()
    expect(await dialog.textContent()).toMatch(/On the ledger, .*address is revoked/)
    await expectAccessible(page, 'admin: confirm disabling a user')
    await dialog.getByRole('button', { name: `Disable ${NURSE.username}` }).click()
    const outcome = page.getByTestId('user-outcome')
    await outcome.filter({ hasText: 'is disabled' }).waitFor({ timeout: 60_000 })
    expect(await outcome.textContent()).toMatch(/Revoked on the ledger/)
    await userRow(NURSE.username).filter({ hasText: 'Disabled' }).waitFor()

    // The disabled nurse is refused at the login screen.
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await page.getByRole('combobox', { name: 'User' }).fill(NURSE.username)
    await page.getByLabel(label('Password')).fill(NURSE.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: /wrong username or password/i })
      .waitFor()
    expect(await page.getByTestId('patients-screen').count()).toBe(0)

    await logIn(page, ADMIN.username, ADMIN.password)
    await page.getByRole('button', { name: `Enable ${NURSE.username}` }).click()
    await page
      .getByRole('dialog')
      .getByRole('button', { name: `Enable ${NURSE.username}` })
      .click()
    await outcome.filter({ hasText: 'is enabled again' }).waitFor({ timeout: 60_000 })
    expect(await outcome.textContent()).toMatch(/Registered on the ledger as a nurse/)
    await userRow(NURSE.username).filter({ hasText: 'Active' }).waitFor()
    expect(errors).toEqual([])
  }, 240_000)

  it('users: a password reset is refused, in words, for a user who has signed records, and done for one who has not', async () => {
    await page.getByRole('button', { name: `Reset password of ${NURSE.username}` }).click()
    let dialog = page.getByRole('dialog')
    await dialog.getByLabel(label('New password')).fill('nina-password-2')
    await dialog.getByLabel(label('New password again')).fill('nina-password-2')
    await dialog.getByRole('button', { name: 'Reset password' }).click()
    const refusal = dialog.getByRole('alert').filter({ hasText: 'has signed records' })
    await refusal.waitFor({ timeout: 60_000 })
    expect(await refusal.textContent()).toMatch(/disable nina and add a new user/)
    await expectAccessible(page, 'admin: password reset refused')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })

    const before = await userRow(DOCTOR.username).textContent()
    await page.getByRole('button', { name: `Reset password of ${DOCTOR.username}` }).click()
    dialog = page.getByRole('dialog')
    await dialog.getByLabel(label('New password')).fill(DOCTOR.newPassword)
    await dialog.getByLabel(label('New password again')).fill(DOCTOR.newPassword)
    await dialog.getByRole('button', { name: 'Reset password' }).click()
    await page
      .getByTestId('user-outcome')
      .filter({ hasText: 'has a new password' })
      .waitFor({ timeout: 60_000 })
    // A new key: a new address in her row.
    expect(await userRow(DOCTOR.username).textContent()).not.toBe(before)

    // She logs in with the new password.
    await page.getByRole('button', { name: 'Log out' }).click()
    await logIn(page, DOCTOR.username, DOCTOR.newPassword)
    await page.getByTestId('patients-screen').waitFor()
    await page.getByRole('button', { name: 'Log out' }).click()
    await logIn(page, ADMIN.username, ADMIN.password)
    await page.getByRole('heading', { name: 'Users and roles', level: 1 }).waitFor()
    expect(errors).toEqual([])
  }, 240_000)

  it('templates: views a version in words, publishes a new version, and sees it listed', async () => {
    await section('Templates')
    const list = page.getByRole('table', { name: 'Templates' })
    await list.getByRole('cell', { name: 'vital-signs', exact: true }).waitFor()
    await expectAccessible(page, 'admin: templates')
    await page.getByRole('button', { name: 'View vital-signs version 1' }).click()
    await page.getByRole('heading', { name: 'Vital signs, version 1' }).waitFor()
    const attributes = page.getByRole('table', { name: 'Attributes' })
    expect(
      await attributes.getByRole('row').filter({ hasText: 'Heart rate' }).textContent()
    ).toMatch(/must be between 20 and 250 \/min/)
    await expectAccessible(page, 'admin: a template version')

    // The JSON editor checks with the core's schema before anything is sent.
    await page.getByRole('button', { name: 'Make a new version' }).click()
    await page.getByRole('heading', { name: 'New version of Vital signs' }).waitFor()
    await page.getByText('JSON', { exact: true }).click()
    await page.getByLabel('The definition').fill('{"id": 1, "version": 2}')
    await page.getByRole('button', { name: 'Publish version 2' }).click()
    await page.getByRole('alert').filter({ hasText: 'The definition is not valid' }).waitFor()
    await expectAccessible(page, 'admin: template JSON editor with problems')
    await page.getByRole('button', { name: 'Cancel' }).click()

    // The form: a new highest heart rate, published on the ledger.
    await page.getByRole('button', { name: 'Make a new version' }).click()
    const heartRate = page.getByRole('group', { name: 'Heart rate (heartRate)' })
    await heartRate.getByLabel('Highest the ledger accepts (/min)').fill('240')
    await expectAccessible(page, 'admin: template editor')
    await page.getByRole('button', { name: 'Publish version 2' }).click()
    await page
      .getByTestId('template-published')
      .filter({ hasText: 'Published Vital signs, version 2' })
      .waitFor({ timeout: 60_000 })
    await page.getByRole('switch', { name: 'Show every version' }).check()
    const rows = () => list.getByRole('row').filter({ hasText: 'vital-signs' }).allTextContents()
    await expect.poll(rows).toHaveLength(2)
    expect((await rows()).find((row) => row.includes('Latest'))).toMatch(/vital-signs2/)
    await page.getByRole('button', { name: 'View vital-signs version 2' }).click()
    await page.getByRole('heading', { name: 'Vital signs, version 2' }).waitFor()
    expect(
      await attributes.getByRole('row').filter({ hasText: 'Heart rate' }).textContent()
    ).toMatch(/must be between 20 and 240 \/min/)
    expect(errors).toEqual([])
  }, 180_000)

  it('ledger and cloud: their status, reachable', async () => {
    await section('Ledger')
    const ledger = page.getByRole('table', { name: 'Ledger' })
    await ledger.getByText('Reachable', { exact: true }).waitFor({ timeout: 30_000 })
    const facts = await ledger.textContent()
    expect(facts).toMatch(/The bundled node on this workstation/)
    expect(facts).toMatch(/Chain id\s*\d+/)
    expect(facts).toMatch(/Contract\s*0x[0-9a-fA-F]{40}/)
    expect(facts).toMatch(/Handshaker balance\s*[\d.]+ ETH/)
    expect(await page.getByTestId('trust-notice').textContent()).toMatch(/whoever controls/)
    await page.getByRole('button', { name: 'Refresh' }).click()
    await expectAccessible(page, 'admin: ledger')

    await section('Cloud database')
    const cloud = page.getByRole('table', { name: 'Cloud database' })
    await cloud.getByText('Reachable', { exact: true }).waitFor({ timeout: 30_000 })
    expect(await cloud.textContent()).toMatch(/Embedded database.*Schema\s*version \d+ \(current\)/)
    await expectAccessible(page, 'admin: cloud database')
    // The wizard's choices; saving tests first.
    await page.getByRole('button', { name: 'Test and save' }).click()
    await page.getByTestId('cloud-saved').waitFor({ timeout: 60_000 })
    expect(errors).toEqual([])
  }, 120_000)

  it('queue: what waits, and the refusal with its rule in words', async () => {
    await section('Queue')
    const counts = page.getByTestId('queue-counts')
    await counts.waitFor()
    expect(await counts.textContent()).toMatch(/waiting for the ledger.*; 1 refused/)
    const refused = page.getByRole('table', { name: 'Queue' }).getByRole('row').filter({
      hasText: 'refused by the ledger'
    })
    expect(await refused.textContent()).toMatch(
      /nina.*Heart rate \(heartRate\) must be between 20 and 250 \/min \(rule RULE_FAILED_0\)/
    )
    // A refusal is final: nothing to retry.
    expect(await refused.getByRole('checkbox').isDisabled()).toBe(true)
    await expectAccessible(page, 'admin: queue')
    expect(errors).toEqual([])
  }, 60_000)

  it('security log: newest first, with the disable, and older pages', async () => {
    await section('Security log')
    const log = page.getByRole('table', { name: 'Security log' })
    const disabled = log.locator('tr[data-action="user.disabled"]')
    await disabled.first().waitFor()
    expect(await disabled.first().textContent()).toMatch(/alice.*User disabled.*nina/)
    await expectAccessible(page, 'admin: security log')
    const shown = await log.locator('tbody tr').count()
    const older = page.getByRole('button', { name: 'Load older' })
    if (await older.isVisible()) {
      await older.click()
      await expect.poll(() => log.locator('tbody tr').count()).toBeGreaterThan(shown)
    }
    // Newest first.
    const seqs = (await log.locator('tbody tr td:first-child').allTextContents()).map(Number)
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a))
    // The chain of entries and the ledger's anchors, checked by the core.
    await page.getByRole('button', { name: 'Check the log' }).click()
    const check = page.getByTestId('log-check')
    await check.waitFor()
    expect(await check.textContent()).toMatch(/The security log is intact.*All \d+ entries hash/)
    await log.locator('tr[data-action="audit.log-verified"]').first().waitFor()
    await expectAccessible(page, 'admin: security log checked')
    expect(errors).toEqual([])
  }, 60_000)

  it('settings: the auto-lock minutes', async () => {
    await section('Settings')
    const minutes = page.getByLabel(label('Lock after this many idle minutes'))
    await expect.poll(() => minutes.inputValue()).toMatch(/^\d+$/)
    await minutes.fill('0')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('At least 1.').waitFor()
    await minutes.fill('7')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByTestId('settings-saved').filter({ hasText: 'after 7 minutes' }).waitFor()
    await expectAccessible(page, 'admin: settings')
    // Read again from the core.
    await section('Queue')
    await section('Settings')
    await expect.poll(() => minutes.inputValue()).toBe('7')
    expect(errors).toEqual([])
  }, 60_000)
})

/** Logs `username` in from the login screen. */
async function logIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Log in' }).waitFor()
  await page.getByRole('combobox', { name: 'User' }).fill(username)
  await page.getByLabel(label('Password')).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('current-user').waitFor()
}
