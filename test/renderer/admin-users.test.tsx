import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { UsersScreen } from '../../src/renderer/src/screens/admin/users/UsersScreen'
import { useStore } from '../../src/renderer/src/state/store'
import { coded } from './fake-client'
import { renderAdmin, userRow } from './admin-fixtures'

const COUNTS = {
  queued: 0,
  submitted: 0,
  anchored: 0,
  rejected: 0,
  synced: 0,
  pendingBatches: 0,
  cloudBacklog: 0
}

const ALICE = userRow({
  username: 'alice',
  displayName: 'Alice Admin',
  role: 'admin',
  chainRegisteredAt: null
})
const NINA = userRow()
const DORA = userRow({
  username: 'dora',
  displayName: 'Dora Doctor',
  role: 'doctor',
  address: `0x${'2b'.repeat(20)}`,
  chainRegisteredAt: null
})

afterEach(() => useStore.setState({ staff: null, staffError: null }))

const row = (username: string) =>
  screen
    .getAllByRole('row')
    .find((r) => within(r).queryByRole('cell', { name: username }) !== null)!

describe('users and roles', () => {
  it('lists role, address and ledger registration; no actions on the admin herself', async () => {
    renderAdmin(<UsersScreen />, { 'users:list': () => [ALICE, NINA, DORA] })
    await screen.findByRole('cell', { name: 'nina' })
    expect(row('nina').textContent).toMatch(/nurse.*0x(1a){20}.*since 2 Jan 2026.*Active/)
    expect(row('dora').textContent).toMatch(/doctor.*not registered/)
    expect(row('alice').textContent).toMatch(/not needed/)
    expect(within(row('alice')).queryAllByRole('button')).toHaveLength(0)
    expect(
      within(row('dora')).getByRole('button', { name: 'Register on the ledger: dora' })
    ).toBeTruthy()
    expect(within(row('nina')).queryByRole('button', { name: /Register on the ledger/ })).toBeNull()
  })

  it('disables a user after a confirmation that says what happens on the ledger', async () => {
    const client = renderAdmin(<UsersScreen />, {
      'users:list': () => [ALICE, NINA],
      'users:disable': () => ({
        user: { ...NINA, disabledAt: '2026-01-03T10:00:00.000Z', chainRegisteredAt: null },
        ledgerNotice: null
      })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Disable nina' }))
    const dialog = await screen.findByRole('dialog', { name: 'Disable Nina Okafor (nina)?' })
    expect(dialog.textContent).toMatch(/On the ledger, Nina Okafor's address is revoked/)
    expect(client.callsTo('users:disable')).toHaveLength(0)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable nina' }))
    const outcome = await screen.findByTestId('user-outcome')
    expect(outcome.textContent).toMatch(/Nina Okafor is disabled.*Revoked on the ledger/)
    expect(client.callsTo('users:disable')).toEqual([{ username: 'nina' }])
    expect(row('nina').textContent).toMatch(/Disabled/)
    expect(within(row('nina')).getByRole('button', { name: 'Enable nina' })).toBeTruthy()
  })

  it("shows the core's ledger notice when the ledger could not follow", async () => {
    const notice =
      'not registered on the ledger yet (the node does not answer); register nina again when the ledger is reachable'
    renderAdmin(<UsersScreen />, {
      'users:list': () => [ALICE, { ...NINA, disabledAt: '2026-01-03T10:00:00.000Z' }],
      'users:enable': () => ({ user: { ...NINA, chainRegisteredAt: null }, ledgerNotice: notice })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Enable nina' }))
    const dialog = await screen.findByRole('dialog')
    expect(dialog.textContent).toMatch(/registered again as a nurse/)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Enable nina' }))
    const outcome = await screen.findByTestId('user-outcome')
    expect(outcome.textContent).toContain(`On the ledger: ${notice}.`)
  })

  it('explains in words why a password reset is refused for a user who has signed records', async () => {
    const sentence =
      "nina's key has signed 3 record(s): a new key would leave them unverifiable here; nina changes the password while logged in, or disable nina and create a new user"
    const client = renderAdmin(<UsersScreen />, {
      'users:list': () => [ALICE, NINA],
      'users:reset-password': () => {
        throw coded('CONFLICT', sentence)
      }
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Reset password of nina' }))
    const dialog = await screen.findByRole('dialog', { name: "Reset Nina Okafor's password" })
    const [password, again] = within(dialog).getAllByLabelText(/New password/)
    fireEvent.change(password!, { target: { value: 'new-password-1' } })
    fireEvent.change(again!, { target: { value: 'new-password-2' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }))
    await within(dialog).findByText('The two passwords differ.')
    expect(client.callsTo('users:reset-password')).toHaveLength(0)

    fireEvent.change(again!, { target: { value: 'new-password-1' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.textContent).toMatch(/Nina Okafor has signed records/)
    expect(alert.textContent).toMatch(/logs in and changes it.*disable nina and add a new user/)
    expect(alert.textContent).toContain(sentence)
    expect(client.callsTo('users:reset-password')).toEqual([
      { username: 'nina', newPassword: 'new-password-1' }
    ])
  })

  it('resets the password of a user who has not signed, and says the new key is on the ledger', async () => {
    const address = `0x${'3c'.repeat(20)}`
    renderAdmin(<UsersScreen />, {
      'users:list': () => [ALICE, NINA],
      'users:reset-password': () => ({ user: { ...NINA, address }, ledgerNotice: null })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Reset password of nina' }))
    const dialog = await screen.findByRole('dialog')
    for (const input of within(dialog).getAllByLabelText(/New password/)) {
      fireEvent.change(input, { target: { value: 'new-password-1' } })
    }
    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset password' }))
    const outcome = await screen.findByTestId('user-outcome')
    expect(outcome.textContent).toMatch(/Nina Okafor has a new password/)
    expect(outcome.textContent).toContain(`A new key (${address}) is registered on the ledger`)
    await waitFor(() => expect(row('nina').textContent).toContain(address))
  })

  it('registers a clinician on the ledger when that had not happened', async () => {
    const client = renderAdmin(<UsersScreen />, {
      'users:list': () => [ALICE, DORA],
      'users:register': () => ({
        user: { ...DORA, chainRegisteredAt: '2026-01-04T10:00:00.000Z' },
        ledgerNotice: null
      })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Register on the ledger: dora' }))
    const outcome = await screen.findByTestId('user-outcome')
    expect(outcome.textContent).toMatch(/Dora Doctor is registered on the ledger.*as a doctor/)
    expect(client.callsTo('users:register')).toEqual([{ username: 'dora' }])
    expect(row('dora').textContent).toMatch(/since 4 Jan 2026/)
  })

  it('forgets what the admin screens read once the admin logs out', async () => {
    renderAdmin(<UsersScreen />, { 'users:list': () => [ALICE, NINA] })
    await screen.findByRole('cell', { name: 'nina' })
    act(() =>
      useStore.setState({
        queue: {
          value: { counts: COUNTS, items: [], truncated: false },
          error: null,
          loading: false
        }
      })
    )
    act(() => useStore.getState().applySession({ user: null, locked: false }))
    expect(useStore.getState().staff).toBeNull()
    expect(useStore.getState().queue.value).toBeNull()
  })
})
