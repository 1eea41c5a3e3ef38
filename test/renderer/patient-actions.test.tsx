import { MantineProvider } from '@mantine/core'
import { act, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { RouteView } from '../../src/renderer/src/screens/shell/RouteView'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import { record } from './fixtures'
import { LAB_REF, logOut, renderPatientPage } from './patient-fixtures'

afterEach(logOut)

/** Opens the "New record" menu and answers the templates it offers. */
async function offered(): Promise<string[]> {
  fireEvent.click(await screen.findByRole('button', { name: 'New record' }))
  const menu = await screen.findByRole('menu')
  // The dropdown's opening transition shows its items a moment later.
  return (await within(menu).findAllByRole('menuitem')).map((item) => item.textContent ?? '')
}

const correctButtons = () => screen.queryAllByRole('button', { name: /^Correct this/ })

describe('the patient page’s actions', () => {
  it('offers a doctor the templates a doctor may author, and opens the chosen one’s form', async () => {
    await renderPatientPage('doctor', [])
    expect(await offered()).toEqual(['Vital signs', 'New patient assessment'])
    fireEvent.click(screen.getByRole('menuitem', { name: 'Vital signs' }))
    expect(useStore.getState().route).toEqual({
      name: 'new-record',
      patientId: 'p-1',
      template: 'vital-signs'
    })
  })

  it('offers a pathologist the lab result alone, and a nurse her notes too', async () => {
    await renderPatientPage('pathologist', [])
    expect(await offered()).toEqual(['Laboratory result'])
    logOut()
    await renderPatientPage('nurse', [])
    expect(await offered()).toEqual(['Vital signs', 'New patient assessment', 'Nursing note'])
  })

  it('corrects a record on chain as a new linked record, only where the role may author it', async () => {
    const synced = record({ state: 'synced' })
    const anchored = record({ state: 'anchored' })
    const queued = record({ state: 'queued' })
    const rejected = record({ state: 'rejected' })
    const superseded = record({ state: 'synced', supersededBy: synced.tid })
    const lab = record({
      template: LAB_REF,
      state: 'synced',
      attributes: { test: '718-7', value: 13 }
    })
    await renderPatientPage('doctor', [synced, anchored, queued, rejected, superseded, lab])
    await screen.findAllByTestId('timeline-item')
    await screen.findAllByRole('button', { name: /^Correct this/ })
    const withCorrect = screen
      .getAllByTestId('timeline-item')
      .filter((item) => within(item).queryByRole('button', { name: /^Correct/ }))
      .map((item) => item.getAttribute('data-tid'))
    // Queued and refused records are not facts yet; the corrected one gives way to its correction;
    // a doctor does not author lab results.
    expect(withCorrect).toEqual([synced.tid, anchored.tid])
    fireEvent.click(correctButtons()[1]!)
    expect(useStore.getState().route).toEqual({
      name: 'new-record',
      patientId: 'p-1',
      template: 'vital-signs',
      supersedes: anchored.tid
    })
  })

  it('gives an admin the FHIR export but neither records nor corrections, and an auditor neither', async () => {
    await renderPatientPage('admin', [record({ state: 'synced' })])
    await screen.findAllByTestId('timeline-item')
    await screen.findByRole('button', { name: 'Export FHIR bundle' })
    expect(screen.queryByRole('button', { name: 'New record' })).toBeNull()
    expect(correctButtons()).toEqual([])
    logOut()
    await renderPatientPage('auditor', [record({ state: 'synced' })])
    await screen.findAllByTestId('timeline-item')
    expect(screen.queryByRole('button', { name: 'Export FHIR bundle' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'New record' })).toBeNull()
  })

  it('exports a clinician’s patient as FHIR from the header', async () => {
    await renderPatientPage('doctor', [])
    const header = await screen.findByTestId('patient-header')
    expect(within(header).getByRole('button', { name: 'Export FHIR bundle' })).toBeTruthy()
  })
})

describe('admin screens for the clinical roles', () => {
  it.each(['doctor', 'nurse', 'pathologist'] as const)(
    'tells a %s who gets to an admin screen that it is not available',
    async (role) => {
      await renderPatientPage(role, [])
      act(() => useStore.getState().navigate({ name: 'admin', section: 'users' }))
      render(
        <MantineProvider theme={theme}>
          <RouteView role={role} />
        </MantineProvider>
      )
      const alert = screen.getByRole('alert')
      expect(alert.textContent).toBe(
        `Not available to your roleThis screen is not available to a ${role}.`
      )
    }
  )
})
