import { MantineProvider } from '@mantine/core'
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it } from 'vitest'
import type { RecordChanged } from '../../src/shared/ipc/schemas'
import { RULE_FAILED } from '../../src/shared/rules'
import type { TemplateDefinition } from '../../src/shared/templates'
import { Shell } from '../../src/renderer/src/screens/shell/Shell'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import { defaultTemplate, templateDetail as detail } from './entry-fixtures'
import { coded, fakeClient, type Handlers } from './fake-client'
import { INFO, NURSE, ONLINE, patient, record } from './fixtures'

const vitals = defaultTemplate('vital-signs.json')
const TID = `0x${'ab'.repeat(16)}`

/** Vital signs at version 2: a heart rate above 180 is refused. */
const tighter: TemplateDefinition = {
  ...vitals,
  version: 2,
  attributes: vitals.attributes.map((a) =>
    a.key === 'heartRate'
      ? { ...a, onChain: { kind: 'range', min: 40, max: 180, optional: false } }
      : a
  )
}

const LOCKED = { ...NURSE, locked: true }

/** The logged-in app on a nurse's entry form for patient p-1, against a fake core. */
async function renderEntry(
  handlers: Handlers = {},
  route: { template?: string; supersedes?: string } = { template: 'vital-signs' }
) {
  let latest = detail(vitals)
  const client = fakeClient({
    'app:info': () => INFO,
    'session:get': () => NURSE,
    'status:get': () => ONLINE,
    'settings:get': () => ({ autoLockMinutes: 15 }),
    'session:lock': () => LOCKED,
    'session:unlock': () => NURSE,
    'session:activity': () => NURSE,
    'patients:search': () => ({ patients: [], total: 0 }),
    'patients:get': () => ({ patient: patient(), timeline: { items: [], nextCursor: null } }),
    'templates:list': () => [
      detail(vitals),
      { ...detail(defaultTemplate('nursing-note.json')) },
      { ...detail(defaultTemplate('lab-result.json')) },
      { ...detail(defaultTemplate('patient-registration.json')) }
    ],
    'templates:get': ({ template }) =>
      template.startsWith('vital-signs') ? latest : detail(defaultTemplate(`${template}.json`)),
    'records:add': (request) => ({
      tid: TID,
      state: 'queued',
      template: { id: 1, version: latest.version, slug: request.template, title: 'Vital signs' }
    }),
    ...handlers
  })
  await act(() => useStore.getState().start(client))
  act(() => {
    useStore.setState({ known: { 'p-1': patient() } })
    useStore.getState().navigate({ name: 'new-record', patientId: 'p-1', ...route })
  })
  render(
    <MantineProvider theme={theme}>
      <Shell />
    </MantineProvider>
  )
  await screen.findByRole('form', { name: /Vital signs|Nursing note/ }).catch(() => undefined)
  return {
    client,
    publish: (definition: TemplateDefinition) => (latest = detail(definition))
  }
}

const field = (name: RegExp) => screen.getByRole<HTMLInputElement>('textbox', { name })
const change = (
  tid: string,
  state: RecordChanged['state'],
  rejection: RecordChanged['rejection'] = null
) => ({
  tid,
  patientId: 'p-1',
  state,
  rejection,
  at: new Date().toISOString()
})

afterEach(() => {
  act(() => useStore.getState().applySession({ user: null, locked: false }))
})

async function fillGood(user: ReturnType<typeof userEvent.setup>, heartRate = '72') {
  await user.type(field(/^Heart rate/), heartRate)
  await user.type(field(/^Systolic/), '120')
  await user.type(field(/^Diastolic/), '80')
  await user.type(field(/^Body temperature/), '37.2')
}

describe('the entry form of a template', () => {
  it('shows each attribute with its unit and the ledger range, and refuses an out-of-range value before submit', async () => {
    const user = userEvent.setup()
    const { client } = await renderEntry()
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    expect(screen.getByText('For Jo Bloggs')).toBeTruthy()
    expect(screen.getByTestId('template-version').textContent).toBe('Template version 1')
    expect(screen.getByText('20 to 250 /min')).toBeTruthy()
    expect(screen.getByText('°C')).toBeTruthy()
    expect(screen.getByText('In kg')).toBeTruthy()
    // Keyboard only: the first field has the focus; Enter submits.
    expect(document.activeElement).toBe(field(/^Heart rate/))
    await fillGood(user, '300')
    await user.keyboard('{Enter}')
    await screen.findByText('The ledger accepts 20 to 250 /min.')
    expect(document.activeElement).toBe(field(/^Heart rate/))
    expect(client.callsTo('records:add')).toHaveLength(0)
    // Empty required fields are named too, and the focus goes to the first.
    await user.clear(field(/^Systolic/))
    await user.clear(field(/^Heart rate/))
    await user.keyboard('{Enter}')
    await waitFor(() => expect(document.activeElement).toBe(field(/^Heart rate/)))
    expect(screen.getAllByText('Required.').length).toBeGreaterThanOrEqual(2)
    expect(client.callsTo('records:add')).toHaveLength(0)
  })

  it('submits, then follows the record to the chain and the cloud, and offers what next', async () => {
    const user = userEvent.setup()
    const { client } = await renderEntry()
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await fillGood(user)
    await user.keyboard('{Enter}')
    await waitFor(() => expect(client.callsTo('records:add')).toHaveLength(1))
    expect(client.callsTo('records:add')[0]).toEqual({
      patientId: 'p-1',
      template: 'vital-signs',
      attributes: { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.2 }
    })
    const progress = await screen.findByTestId('entry-progress')
    expect(progress.getAttribute('data-record-state')).toBe('queued')
    // Read-only while on its way.
    expect(field(/^Heart rate/).closest('fieldset')?.disabled).toBe(true)
    act(() => client.emit('record:changed', change(TID, 'submitted')))
    expect(progress.getAttribute('data-record-state')).toBe('submitted')
    act(() => client.emit('record:changed', change(TID, 'anchored')))
    expect(progress.getAttribute('data-record-state')).toBe('anchored')
    expect(progress.textContent).toMatch(/It reached the chain \d+ ms after the submit\./)
    act(() => client.emit('record:changed', change(TID, 'synced')))
    expect(progress.getAttribute('data-record-state')).toBe('synced')
    // A late event does not take it back.
    act(() => client.emit('record:changed', change(TID, 'anchored')))
    expect(progress.getAttribute('data-record-state')).toBe('synced')

    await user.click(screen.getByRole('button', { name: 'Enter another' }))
    expect(field(/^Heart rate/).value).toBe('')
    expect(field(/^Heart rate/).closest('fieldset')?.disabled).toBe(false)
    expect(screen.queryByTestId('entry-progress')).toBeNull()
  })

  it('shows a refusal with its reason and the rule, keeps the form, and checks the new version from then on', async () => {
    const user = userEvent.setup()
    const { client, publish } = await renderEntry()
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await fillGood(user, '30')
    // Meanwhile the admin publishes version 2, where 30 /min is refused.
    publish(tighter)
    await user.keyboard('{Enter}')
    await screen.findByTestId('entry-progress')
    const explanation = 'Heart rate (heartRate) must be between 40 and 180 /min'
    act(() =>
      client.emit(
        'record:changed',
        change(TID, 'rejected', {
          code: RULE_FAILED,
          name: 'RULE_FAILED_0',
          explanation,
          attribute: 'heartRate'
        })
      )
    )
    const alert = await screen.findByTestId('rejection')
    expect(alert.textContent).toMatch(explanation)
    expect(alert.textContent).toMatch(/Rule that failed: RULE_FAILED_0 \(heartRate\)/)
    await screen.findByTestId('template-changed')
    expect(screen.getByTestId('template-version').textContent).toBe('Template version 2')
    // The values stay, the field at fault says why and has the focus.
    await waitFor(() => expect(document.activeElement).toBe(field(/^Heart rate/)))
    expect(field(/^Heart rate/).value).toBe('30')
    expect(field(/^Systolic/).value).toBe('120')
    expect(screen.getAllByText(explanation).length).toBeGreaterThanOrEqual(2)
    // Version 2's rule now applies live; a corrected value goes as a new record.
    await user.clear(field(/^Heart rate/))
    await user.type(field(/^Heart rate/), '190')
    await screen.findByText('The ledger accepts 40 to 180 /min.')
    await user.clear(field(/^Heart rate/))
    await user.type(field(/^Heart rate/), '50')
    await user.click(screen.getByRole('button', { name: 'Submit again' }))
    await waitFor(() => expect(client.callsTo('records:add')).toHaveLength(2))
    expect(client.callsTo('records:add')[1]).toMatchObject({ attributes: { heartRate: 50 } })
  })

  it('says why the core refused a submit before signing, keeps the form, and follows a new version', async () => {
    const user = userEvent.setup()
    const { publish } = await renderEntry({
      'records:add': () => {
        throw coded(
          'INVALID_ARGUMENT',
          'Vital signs has no attribute assessment',
          'attributes.assessment'
        )
      }
    })
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await fillGood(user)
    await user.type(field(/^Assessment/), 'Comfortable')
    // Version 2 went without the attribute, after this form opened.
    publish({
      ...vitals,
      version: 2,
      attributes: vitals.attributes.filter((a) => a.key !== 'assessment')
    })
    await user.click(screen.getByRole('button', { name: 'Submit' }))
    const alert = await screen.findByText('Vital signs has no attribute assessment')
    expect(alert.closest('[role="alert"]')?.textContent).toMatch(/^Not submitted/)
    await screen.findByTestId('template-changed')
    expect(screen.getByTestId('template-version').textContent).toBe('Template version 2')
    expect(screen.queryByRole('textbox', { name: /^Assessment/ })).toBeNull()
    expect(field(/^Heart rate/).value).toBe('72')
  })

  it("puts the core's check before signing on the field at fault, with the focus there", async () => {
    const user = userEvent.setup()
    const message = 'Heart rate (heartRate) must be a whole number'
    const { client } = await renderEntry({
      'records:add': () => {
        throw coded('INVALID_ARGUMENT', message, 'attributes.heartRate')
      }
    })
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await fillGood(user)
    await user.click(screen.getByRole('button', { name: 'Submit' }))
    await waitFor(() => expect(document.activeElement).toBe(field(/^Heart rate/)))
    expect(screen.getByText(message)).toBeTruthy()
    expect(field(/^Heart rate/).getAttribute('aria-invalid')).toBe('true')
    // On the field, not above the buttons; the form is kept as it was.
    expect(screen.queryByText('Not submitted')).toBeNull()
    expect(field(/^Heart rate/).value).toBe('72')
    expect(client.callsTo('records:add')).toHaveLength(1)
  })

  it('keeps a half-filled form through a lock, and as a draft when the nurse leaves and comes back', async () => {
    const user = userEvent.setup()
    const { client } = await renderEntry()
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await user.type(field(/^Heart rate/), '88')
    await user.type(field(/^Assessment/), 'Comfortable')
    const input = field(/^Heart rate/)

    act(() => client.emit('session:changed', LOCKED))
    expect(screen.getByRole('dialog', { name: 'Locked' })).toBeTruthy()
    act(() => client.emit('session:changed', NURSE))
    expect(field(/^Heart rate/)).toBe(input)
    expect(input.value).toBe('88')

    act(() => useStore.getState().navigate({ name: 'patient', patientId: 'p-1' }))
    await screen.findByTestId('patient-screen')
    act(() => useStore.getState().back())
    await screen.findByRole('heading', { name: 'New record: Vital signs' })
    await waitFor(() => expect(field(/^Heart rate/).value).toBe('88'))
    expect(field(/^Assessment/).value).toBe('Comfortable')

    // Logging out forgets it: drafts are patient data.
    act(() => useStore.getState().applySession({ user: null, locked: false }))
    expect(useStore.getState().drafts).toEqual({})
  })

  it('without a template, offers those the role may author', async () => {
    await renderEntry({}, {})
    const picker = await screen.findByTestId('template-picker')
    const names = [...picker.querySelectorAll('button')].map((b) => b.textContent)
    // A nurse: vital signs and nursing notes; not the lab result, not the registration.
    expect(names).toEqual(['Vital signs', 'Nursing note'])
    fireEvent.click(screen.getByRole('button', { name: 'Nursing note' }))
    await screen.findByRole('heading', { name: 'New record: Nursing note' })
  })

  it('corrects a record: pre-filled from it, submitted as a new linked record', async () => {
    const user = userEvent.setup()
    const original = record({
      tid: `0x${'cd'.repeat(16)}`,
      state: 'synced',
      attributes: { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.1 }
    })
    const { client } = await renderEntry(
      { 'records:get': () => original },
      { template: 'vital-signs', supersedes: original.tid }
    )
    await screen.findByRole('heading', { name: 'Correct a record: Vital signs' })
    expect(field(/^Heart rate/).value).toBe('72')
    expect(field(/^Body temperature/).value).toBe('37.1')
    await user.clear(field(/^Heart rate/))
    await user.type(field(/^Heart rate/), '76')
    await user.click(screen.getByRole('button', { name: 'Submit the correction' }))
    await waitFor(() => expect(client.callsTo('records:add')).toHaveLength(1))
    expect(client.callsTo('records:add')[0]).toEqual({
      patientId: 'p-1',
      template: 'vital-signs',
      attributes: { heartRate: 76, systolic: 120, diastolic: 80, temperature: 37.1 },
      supersedes: original.tid
    })
  })
})

describe('the lab result form of a pathologist', () => {
  const PATHOLOGIST = {
    user: { username: 'paul', displayName: 'Paul Pathologist', role: 'pathologist' as const },
    locked: false
  }

  it('takes a coded test, a quantity with a decimal, its unit and range, and submits them', async () => {
    const user = userEvent.setup()
    const { client } = await renderEntry(
      { 'session:get': () => PATHOLOGIST, 'session:activity': () => PATHOLOGIST },
      { template: 'lab-result' }
    )
    await screen.findByRole('heading', { name: 'New record: Laboratory result' })
    const test = screen.getByRole('combobox', { name: /^Test/ })
    expect(document.activeElement).toBe(test)
    fireEvent.click(test)
    fireEvent.click(await screen.findByRole('option', { name: /^Glucose/, hidden: true }))
    await user.type(field(/^Value/), '5.45')
    await user.type(field(/^Unit \(UCUM\)/), 'mmol/L')
    await user.click(screen.getByRole('button', { name: 'Submit' }))
    await screen.findByText('At most 1 decimal place.')
    expect(client.callsTo('records:add')).toHaveLength(0)
    await user.clear(field(/^Value/))
    await user.type(field(/^Value/), '5.4')
    await user.type(field(/^Reference range, low/), '3.9')
    await user.type(field(/^Reference range, high/), '5.6')
    await user.click(screen.getByRole('button', { name: 'Submit' }))
    await waitFor(() => expect(client.callsTo('records:add')).toHaveLength(1))
    expect(client.callsTo('records:add')[0]).toEqual({
      patientId: 'p-1',
      template: 'lab-result',
      attributes: {
        test: '2345-7',
        value: 5.4,
        unit: 'mmol/L',
        referenceLow: 3.9,
        referenceHigh: 5.6
      }
    })
  })
})
