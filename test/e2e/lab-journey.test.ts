import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/browser'
import { startServe, stop } from '../support/cli'
import { cliOn } from '../support/cli-workstation'
import { expectAccessible, label, openApp } from './support/app-page'

// Journey 5 in Chromium against `mediblock serve` (bundled node, embedded
// cloud): a pathologist enters a lab result through the entry form; a
// doctor sees it flagged on the timeline and in the lab table, and the
// vital-sign chart takes in a new reading as it arrives; clinical roles
// reach no admin screen, by the UI or by a direct request (the time to
// open a patient with 1,000 records is `npm run bench:open-patient`). The clinic, its staff and a
// patient with two vital-sign readings are set up with the CLI before
// serving (faster than the wizard, which clinic-first-journeys walks).

const ADMIN_PASSWORD = 'admin-password-1'
const STAFF = {
  doctor: { username: 'dora', name: 'Dora Doctor', password: 'dora-password-1' },
  nurse: { username: 'nina', name: 'Nina Okafor', password: 'nina-password-1' },
  pathologist: { username: 'paul', name: 'Paul Pathologist', password: 'paul-password-1' }
} as const
type StaffRole = keyof typeof STAFF

describe('journey 5: lab results, charts and roles in Chromium', () => {
  let browser: Browser
  let serve: Awaited<ReturnType<typeof startServe>>
  let page: Page
  let errors: string[]
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-lab-journey-'))
  // The CLI and the server keep device secrets in the same vault file.
  process.env['MEDIBLOCK_SECRET_STORE'] = 'vault'

  beforeAll(async () => {
    const { ok } = cliOn(dataDir)
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN_PASSWORD }
    ok(['init', '--clinic', 'Riverside Clinic', '--admin', 'admin'], asAdmin)
    for (const [role, user] of Object.entries(STAFF)) {
      ok(
        [
          'user',
          'add',
          '--username',
          user.username,
          '--name',
          user.name,
          '--role',
          role,
          '--as',
          'admin'
        ],
        { ...asAdmin, MEDIBLOCK_NEW_PASSWORD: user.password }
      )
    }
    const asNurse = { MEDIBLOCK_PASSWORD: STAFF.nurse.password }
    ok(
      [
        'patient',
        'add',
        '--name',
        'Jo Bloggs',
        '--dob',
        '1980-04-02',
        '--sex',
        'female',
        '--mrn',
        'M-1001',
        '--consent',
        'yes',
        '--id-document',
        'passport',
        '--as',
        'nina'
      ],
      asNurse
    )
    for (const [heartRate, systolic] of [
      [72, 118],
      [84, 126]
    ]) {
      ok(
        [
          'record',
          'add',
          '--patient',
          'M-1001',
          '--template',
          'vital-signs',
          '--set',
          `heart_rate=${heartRate}`,
          '--set',
          `systolic=${systolic}`,
          '--set',
          'diastolic=78',
          '--set',
          'temperature=36.8',
          '--set',
          'spo2=97',
          '--as',
          'nina'
        ],
        asNurse
      )
    }
    browser = await launchChromium()
    serve = await startServe(dataDir)
    ;({ page, errors } = await openApp(browser, serve.url))
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

  /** Calls the core as the page does: `POST /rpc/<channel>` with this launch's token. */
  async function rpc(channel: string, request: unknown): Promise<RpcAnswer> {
    const token = new URLSearchParams(new URL(serve.url).hash.slice(1)).get('token')
    return page.evaluate(
      async ({ channel, request, token }) => {
        const response = await fetch(`/rpc/${channel}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(request)
        })
        return (await response.json()) as RpcAnswer
      },
      { channel, request, token }
    )
  }

  async function logIn(role: StaffRole): Promise<void> {
    const user = STAFF[role]
    if ((await page.getByRole('button', { name: 'Log out' }).count()) > 0) {
      await page.getByRole('button', { name: 'Log out' }).click()
    }
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await page.getByRole('combobox', { name: 'User' }).fill(user.username)
    await page.getByLabel(label('Password')).fill(user.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByTestId('patients-screen').waitFor()
  }

  async function openPatient(name: string): Promise<void> {
    await page.getByRole('button', { name: 'Patients' }).click()
    await page.getByRole('searchbox', { name: 'Search patients' }).fill(name)
    await page.getByRole('button', { name }).click()
    await page.getByTestId('patient-header').filter({ hasText: name }).waitFor()
  }

  /** Who may not list users: no admin navigation, and the core answers FORBIDDEN to the page's own token. */
  async function expectNoAdmin(role: StaffRole): Promise<void> {
    const nav = page.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('button', { name: 'Patients' }).waitFor()
    for (const admin of ['Users and roles', 'Templates', 'Ledger', 'Queue', 'Security log']) {
      expect({
        role,
        admin,
        count: await nav.getByRole('button', { name: admin }).count()
      }).toEqual({ role, admin, count: 0 })
    }
    const answer = await rpc('users:list', {})
    expect({ role, answer }).toMatchObject({
      role,
      answer: { ok: false, error: { code: 'FORBIDDEN' } }
    })
  }

  it('serves a clinic the CLI set up: the login lists its staff', async () => {
    await page.getByRole('heading', { name: 'Log in' }).waitFor({ timeout: 60_000 })
    await page.getByRole('combobox', { name: 'User' }).click()
    for (const user of Object.values(STAFF)) {
      await page
        .getByRole('option', { name: new RegExp(`^${user.username}: ${user.name}`) })
        .waitFor()
    }
    await page.keyboard.press('Escape')
    expect(errors).toEqual([])
  }, 60_000)

  it('a pathologist enters a lab result through the entry form', async () => {
    await logIn('pathologist')
    await expectNoAdmin('pathologist')
    await openPatient('Jo Bloggs')
    await page.getByRole('button', { name: 'New record' }).click()
    const menu = page.getByRole('menu')
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Laboratory result'])
    await expectAccessible(page, 'patient page: new record menu (pathologist)')
    await menu.getByRole('menuitem', { name: 'Laboratory result' }).click()

    await page.getByTestId('entry-screen').waitFor()
    await page.getByRole('combobox', { name: label('Test') }).click()
    await page.getByRole('option', { name: /^Glucose/ }).click()
    await page.getByLabel(label('Value')).fill('180')
    await page.getByLabel(label('Unit (UCUM)')).fill('mg/dL')
    await page.getByLabel(label('Reference range, low')).fill('70')
    await page.getByLabel(label('Reference range, high')).fill('99')
    await expectAccessible(page, 'entry form: lab result, filled')
    await page.getByRole('button', { name: 'Submit', exact: true }).click()
    // The form follows the record to the chain, then back to the patient.
    const progress = page.getByTestId('entry-progress')
    await expect
      .poll(() => progress.getAttribute('data-record-state'), { timeout: 60_000 })
      .toMatch(/^(anchored|synced)$/)
    await page.getByRole('button', { name: 'Back to the patient' }).click()
    await page.getByTestId('patient-screen').waitFor()
    const lab = page.getByTestId('timeline-item').filter({ hasText: 'Laboratory result' })
    await expect
      .poll(() => lab.first().locator('[data-state]').getAttribute('data-state'), {
        timeout: 60_000
      })
      .toMatch(/^(anchored|synced)$/)
    expect(errors).toEqual([])
  }, 180_000)

  it('a doctor sees it flagged on the timeline and in the lab table, and the chart takes in new vital signs', async () => {
    await logIn('doctor')
    await expectNoAdmin('doctor')
    await openPatient('Jo Bloggs')

    // The timeline says the flag in words, beside its colour.
    const lab = page.getByTestId('timeline-item').filter({ hasText: 'Laboratory result' }).first()
    await lab.getByTestId('lab-flag').waitFor()
    expect(await lab.getByTestId('lab-flag').textContent()).toMatch(
      /High: 180 mg\/dL \(reference 70–99 mg\/dL\)/
    )
    expect(await lab.locator('[data-flag]').getAttribute('data-flag')).toBe('high')

    // The lab table: one row, flagged High.
    const table = page.getByRole('table', { name: 'Lab results' })
    const row = table.getByRole('row').filter({ hasText: 'Glucose' })
    await row.waitFor()
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'Glucose [Mass/volume] in Serum or Plasma',
      '180',
      'mg/dL',
      '70–99',
      'High',
      expect.any(String),
      STAFF.pathologist.name,
      expect.stringMatching(/^On chain/)
    ])

    // The charts: the two readings the nurse took, heart rate and blood pressure among them.
    const heart = page.getByTestId('vital-chart').filter({ hasText: 'Heart rate' })
    await expect
      .poll(() => heart.getByTestId('chart-summary').textContent(), { timeout: 30_000 })
      .toMatch(
        /^Heart rate: latest 84 \/min .*, 2 readings; usual range 51–90 \/min \(NEWS2 score 0; latest is within it\)/
      )
    await page.getByTestId('vital-chart').filter({ hasText: 'Blood pressure (mmHg)' }).waitFor()
    // The line is drawn, not only described.
    expect(await heart.locator('.recharts-line-curve').count()).toBe(1)
    await expectAccessible(page, 'patient page: charts and flagged lab result (doctor)')

    // New vital signs arrive (another window of this session): the chart reads them in.
    const found = await rpc('patients:search', { query: 'Jo Bloggs' })
    const patientId = (found as { value: { patients: { id: string }[] } }).value.patients[0]?.id
    const answer = await rpc('records:add', {
      patientId,
      template: 'vital-signs',
      attributes: { heartRate: 118, systolic: 142, diastolic: 91, temperature: 38.4, spo2: 93 }
    })
    expect(answer).toMatchObject({ ok: true })
    await expect
      .poll(() => heart.getByTestId('chart-summary').textContent(), { timeout: 60_000 })
      .toMatch(
        /^Heart rate: latest 118 \/min .*, 3 readings; usual range 51–90 \/min \(NEWS2 score 0; latest is outside it\)/
      )
    await expectAccessible(page, 'patient page: chart after a new reading')
    expect(errors).toEqual([])
  }, 180_000)

  it('a nurse reaches no admin screen either', async () => {
    await logIn('nurse')
    await expectNoAdmin('nurse')
    expect(errors).toEqual([])
  }, 60_000)
})

type RpcAnswer =
  { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }
