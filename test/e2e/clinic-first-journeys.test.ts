import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { expectAccessible, label, openApp } from './support/app-page'

// Journey 1 (fresh data dir → first-run wizard → admin creates a doctor, a
// nurse and a pathologist) and the first part of journey 2 (the nurse logs
// in, registers a patient, finds them), in Chromium against `mediblock
// serve` with the bundled node and the embedded cloud behind it. The steps
// share one workstation and run in order.

const ADMIN = { username: 'alice', name: 'Alice Admin', password: 'alice-password-1' }
const STAFF = [
  { username: 'dora', name: 'Dora Doctor', role: 'doctor', password: 'dora-password-1' },
  { username: 'nina', name: 'Nina Okafor', role: 'nurse', password: 'nina-password-1' },
  { username: 'paul', name: 'Paul Pathologist', role: 'pathologist', password: 'paul-password-1' }
] as const
const NURSE = STAFF[1]

describe('the first clinic journeys in Chromium', () => {
  let browser: Browser
  let serve: Awaited<ReturnType<typeof startServe>>
  let page: Page
  let errors: string[]
  // One workstation for every step (tempDir() is per test).
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-journeys-'))

  beforeAll(async () => {
    browser = await launchChromium()
    serve = await startServe(dataDir)
    ;({ page, errors } = await openApp(browser, serve.url))
  })
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

  const next = () => page.getByRole('button', { name: 'Next' }).click()

  it('journey 1: on a fresh data dir the wizard sets up the clinic and logs the admin in', async () => {
    await page.getByTestId('first-run-screen').waitFor()
    expect(await page.getByTestId('data-dir').textContent()).toBe(dataDir)
    await expectAccessible(page, 'wizard: welcome')
    await page.getByRole('button', { name: 'Set up the clinic' }).click()

    // Clinic and admin: nothing typed yet, so Next names what is missing.
    await page.getByLabel(label('Clinic name')).waitFor()
    await next()
    await expect.poll(() => page.getByText('Required.').count()).toBeGreaterThan(0)
    await expectAccessible(page, 'wizard: clinic and admin, with errors')
    await page.getByLabel(label('Clinic name')).fill('Riverside Clinic')
    await page.getByLabel(label('Admin username')).fill(ADMIN.username)
    await page.getByLabel(label('Admin full name')).fill(ADMIN.name)
    await page.getByLabel(label('Password')).fill(ADMIN.password)
    await page.getByLabel(label('Password again')).fill('something else')
    await next()
    await page.getByText('The two passwords differ.').waitFor()
    await page.getByLabel(label('Password again')).fill(ADMIN.password)
    await next()

    // Ledger: the bundled node says what it protects against; a remote node can be tested.
    const notice = page.getByTestId('trust-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toMatch(
      /whoever controls this workstation controls the chain/
    )
    await expectAccessible(page, 'wizard: ledger')
    await page.getByRole('radio', { name: /Remote node/ }).check()
    await page.getByLabel(label('Node URL')).fill('http://127.0.0.1:9')
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByTestId('test-failed').waitFor({ timeout: 30_000 })
    await expectAccessible(page, 'wizard: remote ledger, test failed')
    await page.getByRole('radio', { name: /Bundled node/ }).check()
    await next()

    // Cloud database: the embedded one is called a stand-in, and it answers a test.
    await page.getByTestId('embedded-notice').waitFor()
    expect(await page.getByTestId('embedded-notice').textContent()).toMatch(/stand-in/)
    await page.getByRole('button', { name: 'Test connection' }).click()
    await page.getByTestId('test-ok').waitFor({ timeout: 30_000 })
    await page.getByRole('combobox', { name: 'Where records are stored' }).click()
    await page.getByRole('option', { name: 'PostgreSQL' }).click()
    for (const field of ['Host', 'Port', 'Database', 'User', 'Password', 'TLS']) {
      await page.getByLabel(field, { exact: true }).first().waitFor()
    }
    await expectAccessible(page, 'wizard: cloud database (PostgreSQL)')
    await page.getByRole('combobox', { name: 'Where records are stored' }).click()
    await page.getByRole('option', { name: /Embedded/ }).click()
    await next()

    // Review, then clinic:init with progress, then what was set up.
    await page.getByRole('heading', { name: 'Ready to set up' }).waitFor()
    await expectAccessible(page, 'wizard: review')
    await page.getByRole('button', { name: 'Set up', exact: true }).click()
    await page.getByTestId('setup-done').waitFor({ timeout: 120_000 })
    expect(await page.getByTestId('setup-done').textContent()).toMatch(/Riverside Clinic is set up/)
    await expectAccessible(page, 'wizard: done')
    await page.getByRole('button', { name: 'Open MediBlock' }).click()

    // The admin's home: administration in the navigation, a live status bar.
    await page.getByRole('heading', { name: 'Users and roles', level: 1 }).waitFor()
    expect(await page.getByTestId('current-user').textContent()).toBe(ADMIN.name)
    await expect
      .poll(() => page.getByTestId('status-node').textContent(), { timeout: 30_000 })
      .toMatch(/Node: connected/)
    await expectAccessible(page, 'admin home with status bar')
    expect(errors).toEqual([])
  }, 240_000)

  it('journey 1: the admin creates a doctor, a nurse and a pathologist', async () => {
    const users = page.getByRole('table', { name: 'Users' })
    await users.getByRole('cell', { name: ADMIN.username, exact: true }).waitFor()
    for (const user of STAFF) {
      await page.getByLabel(label('Username')).fill(user.username)
      await page.getByLabel(label('Full name')).fill(user.name)
      await page.getByRole('combobox', { name: 'Role' }).click()
      await page.getByRole('option', { name: new RegExp(`^${user.role}$`, 'i') }).click()
      await page.getByLabel(label('Password')).fill(user.password)
      await page.getByLabel(label('Password again')).fill(user.password)
      await page.getByRole('button', { name: 'Add user' }).click()
      // Added, and registered on the ledger with the role.
      const row = users.getByRole('row').filter({ hasText: user.name })
      await row.waitFor({ timeout: 60_000 })
      expect(await row.textContent()).toMatch(new RegExp(`${user.role}.*since`, 'i'))
    }
    await expectAccessible(page, 'admin: users and roles')

    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await page.getByRole('combobox', { name: 'User' }).click()
    for (const user of STAFF) {
      await page
        .getByRole('option', { name: new RegExp(`^${user.username}: ${user.name}`) })
        .waitFor()
    }
    await expectAccessible(page, 'login with the pick list open')
    await page.keyboard.press('Escape')
  }, 240_000)

  it('journey 2: the nurse logs in (a wrong password is refused), registers a patient and finds them', async () => {
    await page.getByRole('combobox', { name: 'User' }).fill(NURSE.username)
    await page.getByLabel(label('Password')).fill('not-her-password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor()
    await page.getByLabel(label('Password')).fill(NURSE.password)
    await page.getByRole('button', { name: 'Log in' }).click()

    // A clinician's home: patients; no administration.
    await page.getByTestId('patients-screen').waitFor()
    expect(await page.getByRole('button', { name: 'Users and roles' }).count()).toBe(0)
    await page
      .getByTestId('search-summary')
      .filter({ hasText: 'No patients registered yet.' })
      .waitFor()
    await expectAccessible(page, 'patients, empty')

    await registerPatient(page, {
      name: 'Jo Bloggs',
      dateOfBirth: '1980-04-02',
      mrn: 'M-1001',
      phone: '+44 20 7946 0000',
      address: '1 River Lane, Riverside'
    })
    // The patient page: the header, and the registration on the timeline reaching the chain.
    const header = page.getByTestId('patient-header')
    await header.waitFor()
    expect(await header.textContent()).toMatch(/Jo Bloggs.*Born 2 Apr 1980.*MRN M-1001/)
    const registration = page.getByTestId('timeline-item').first()
    await registration.waitFor()
    await expect
      .poll(() => registration.locator('[data-state]').getAttribute('data-state'), {
        timeout: 60_000
      })
      .toMatch(/^(anchored|synced)$/)
    await expectAccessible(page, 'patient page')

    await page.getByRole('button', { name: 'Patients' }).click()
    await registerPatient(page, { name: 'Ann Smith', dateOfBirth: '1975-11-30', mrn: 'M-2002' })
    await page.getByTestId('patient-header').filter({ hasText: 'Ann Smith' }).waitFor()
    await page.getByRole('button', { name: 'Patients' }).click()

    // Search as you type: part of a name, of an MRN, of a date of birth.
    const search = page.getByRole('searchbox', { name: 'Search patients' })
    const found = () =>
      page
        .getByRole('table', { name: 'Patients found' })
        .locator('tbody')
        .getByRole('button')
        .allTextContents()
    await search.fill('blog')
    await expect.poll(found).toEqual(['Jo Bloggs'])
    await search.fill('M-20')
    await expect.poll(found).toEqual(['Ann Smith'])
    await search.fill('1980-04')
    await expect.poll(found).toEqual(['Jo Bloggs'])
    await search.fill('')
    await expect.poll(found).toEqual(['Ann Smith', 'Jo Bloggs'])
    await expectAccessible(page, 'patients, two found')
    await search.fill('zzz')
    await page.getByTestId('search-summary').filter({ hasText: 'No patient matches' }).waitFor()

    // Open a patient from the results with the keyboard alone.
    await search.fill('Jo')
    await expect.poll(found).toEqual(['Jo Bloggs'])
    await page.getByRole('button', { name: 'Jo Bloggs' }).focus()
    await page.keyboard.press('Enter')
    await page.getByTestId('patient-header').filter({ hasText: 'Jo Bloggs' }).waitFor()
    expect(errors).toEqual([])
  }, 240_000)

  it('locking keeps a half-filled form, and only her password unlocks it', async () => {
    await page.getByRole('button', { name: 'Patients' }).click()
    await page.getByRole('button', { name: 'Register a patient' }).click()
    await page.getByLabel(label('Full name')).fill('Half Filled')
    await page.getByLabel('Phone').fill('555 0100')
    await page.getByRole('button', { name: 'Lock' }).click()

    const lock = page.getByRole('dialog', { name: 'Locked' })
    await lock.waitFor()
    await expectAccessible(page, 'lock screen')
    await lock.getByLabel(label('Password')).fill('wrong-password')
    await lock.getByRole('button', { name: 'Unlock' }).click()
    await lock.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor()
    await lock.getByLabel(label('Password')).fill(NURSE.password)
    await lock.getByRole('button', { name: 'Unlock' }).click()
    await lock.waitFor({ state: 'hidden' })

    expect(await page.getByLabel(label('Full name')).inputValue()).toBe('Half Filled')
    expect(await page.getByLabel('Phone').inputValue()).toBe('555 0100')
    expect(errors).toEqual([])
  }, 120_000)

  it("a pathologist finds patients, but registering them is not theirs (the registration template's roles)", async () => {
    const paul = STAFF[2]
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.getByRole('combobox', { name: 'User' }).fill(paul.username)
    await page.getByLabel(label('Password')).fill(paul.password)
    await page.getByLabel(label('Password')).press('Enter')
    await page.getByTestId('patients-screen').waitFor()
    await page.getByTestId('search-summary').filter({ hasText: '2 patients.' }).waitFor()
    expect(await page.getByRole('button', { name: 'Register a patient' }).count()).toBe(0)
    // The keyboard's way past the header and navigation.
    await page.getByRole('button', { name: 'Skip to the screen' }).focus()
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('screen')
    expect(errors).toEqual([])
  }, 60_000)
})

/** Fills the registration form with the keyboard-reachable inputs and submits it. */
async function registerPatient(
  page: Page,
  patient: { name: string; dateOfBirth: string; mrn: string; phone?: string; address?: string }
): Promise<void> {
  await page.getByRole('button', { name: 'Register a patient' }).click()
  await page.getByTestId('register-patient-screen').waitFor()
  await page.getByRole('button', { name: 'Register', exact: true }).click()
  await page.getByText('Required.').first().waitFor()
  await expectAccessible(page, 'register a patient, with errors')
  await page.getByLabel(label('Full name')).fill(patient.name)
  await page.getByLabel(label('Date of birth')).fill(patient.dateOfBirth)
  await page.keyboard.press('Escape')
  await page.getByLabel('MRN').fill(patient.mrn)
  if (patient.phone) await page.getByLabel('Phone').fill(patient.phone)
  if (patient.address) await page.getByLabel('Address').fill(patient.address)
  await page.getByRole('radio', { name: 'Female' }).check()
  await page.getByRole('radio', { name: 'Given' }).check()
  await page.getByRole('button', { name: 'Register', exact: true }).click()
  await page.getByTestId('patient-screen').waitFor()
}
