import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { cliOn } from '../../support/cli-workstation'
import { label } from './app-page'

/** The clinic every entry journey sets up through the CLI before `serve`. */
export const ADMIN = { username: 'alice', password: 'alice-password-1' }
export const NURSE = { username: 'nina', name: 'Nina Okafor', password: 'nina-password-1' }
export const PATIENT = { name: 'Jo Bloggs', mrn: 'M-1001' }

/**
 * A workstation's clinic through the CLI: `init` with the bundled node (unless
 * `init` is null: done already), the nurse, and a registered patient.
 */
export function setUpClinic(dataDir: string, init: readonly string[] | null = []): void {
  const { ok } = cliOn(dataDir)
  const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN.password }
  if (init) {
    ok(['init', '--clinic', 'Riverside Clinic', '--admin', ADMIN.username, ...init], asAdmin)
  }
  ok(
    ['user', 'add', '--username', NURSE.username, '--name', NURSE.name, '--role', 'nurse'].concat([
      '--as',
      ADMIN.username
    ]),
    { ...asAdmin, MEDIBLOCK_NEW_PASSWORD: NURSE.password }
  )
  ok(
    ['patient', 'add', '--name', PATIENT.name, '--dob', '1980-04-02', '--mrn', PATIENT.mrn].concat([
      '--consent',
      'yes',
      '--as',
      NURSE.username
    ]),
    { MEDIBLOCK_PASSWORD: NURSE.password }
  )
}

/** The nurse logs in and opens the patient from the patient list. */
export async function nurseOpensPatient(page: Page): Promise<void> {
  await page.getByRole('combobox', { name: 'User' }).fill(NURSE.username)
  await page.getByLabel(label('Password')).fill(NURSE.password)
  await page.getByLabel(label('Password')).press('Enter')
  await page.getByTestId('patients-screen').waitFor()
  await page.getByRole('button', { name: PATIENT.name }).click()
  await page.getByTestId('patient-header').filter({ hasText: PATIENT.name }).waitFor()
}

/** From the patient page: "New record", then the template. */
export async function openForm(page: Page, template: string): Promise<void> {
  await page.getByRole('button', { name: 'New record' }).click()
  await page.getByRole('menuitem', { name: template }).click()
  await page.getByRole('heading', { name: `New record: ${template}` }).waitFor()
}

/** The four required vital signs, typed with the keyboard alone from the focused first field. */
export async function typeVitals(
  page: Page,
  v: { heartRate: number; systolic?: number; diastolic?: number; temperature?: number }
): Promise<void> {
  const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-attribute'))
  expect(focused).toBe('heartRate')
  await page.keyboard.type(String(v.heartRate))
  for (const value of [v.systolic ?? 120, v.diastolic ?? 80, v.temperature ?? 37.2]) {
    await page.keyboard.press('Tab')
    await page.keyboard.type(String(value))
  }
}

/** The state the entry screen's progress shows now (`queued`, `anchored`, …), or null. */
export function progressState(page: Page): Promise<string | null> {
  return page.getByTestId('entry-progress').getAttribute('data-record-state', { timeout: 5_000 })
}

/** p50 and p95 of some times, in ms (nearest rank). */
export function percentiles(times: readonly number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!
  return { p50: Math.round(at(0.5)), p95: Math.round(at(0.95)) }
}
