import { MantineProvider } from '@mantine/core'
import { act, fireEvent, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Shell } from '../../src/renderer/src/screens/shell/Shell'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import { fakeClient } from './fake-client'
import { INFO, NURSE, ONLINE } from './fixtures'

const LOCKED = { ...NURSE, locked: true }

/** The logged-in app against a fake core that locks and unlocks as asked. */
async function renderShell(autoLockMinutes = 15, session = NURSE) {
  const client = fakeClient({
    'app:info': () => INFO,
    'session:get': () => session,
    'status:get': () => ONLINE,
    'settings:get': () => ({ autoLockMinutes }),
    'session:lock': () => LOCKED,
    'session:unlock': () => NURSE,
    'session:activity': () => NURSE,
    'patients:search': () => ({ patients: [], total: 0 })
  })
  await act(() => useStore.getState().start(client))
  render(
    <MantineProvider theme={theme}>
      <Shell />
    </MantineProvider>
  )
  return client
}

afterEach(() => {
  vi.useRealTimers()
  // Log the test's user out so the next test starts from its home screen.
  act(() => useStore.getState().applySession({ user: null, locked: false }))
})

describe('the lock', () => {
  it('keeps a half-filled form under the lock screen and gives it back on unlock', async () => {
    const client = await renderShell()
    act(() => useStore.getState().navigate({ name: 'register-patient' }))
    const name = screen.getByRole('textbox', { name: /Full name/ })
    fireEvent.change(name, { target: { value: 'Half Filled' } })

    act(() => client.emit('session:changed', LOCKED))
    expect(screen.getByRole('dialog', { name: 'Locked' })).toBeTruthy()
    // Nothing behind the lock can be reached meanwhile.
    expect(name.closest('[inert]')).not.toBeNull()

    act(() => client.emit('session:changed', NURSE))
    const after = screen.getByRole<HTMLInputElement>('textbox', { name: /Full name/ })
    expect(after).toBe(name)
    expect(after.value).toBe('Half Filled')
    expect(after.closest('[inert]')).toBeNull()
  })

  it('a window opened on a locked session asks for nothing behind the lock until unlocked', async () => {
    const client = await renderShell(15, LOCKED)
    expect(screen.getByRole('dialog', { name: 'Locked' })).toBeTruthy()
    expect(client.callsTo('patients:search')).toHaveLength(0)
    act(() => client.emit('session:changed', NURSE))
    await vi.waitFor(() => expect(client.callsTo('patients:search')).toHaveLength(1))
  })

  it("locks by itself after the admin's idle time, and not before", async () => {
    vi.useFakeTimers()
    const client = await renderShell(2)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(60_000)
    })
    fireEvent.keyDown(window, { key: 'a' })
    fireEvent.keyDown(document, { key: 'a' })
    await act(async () => {
      await vi.advanceTimersByTimeAsync(90_000)
    })
    expect(client.callsTo('session:lock')).toHaveLength(0)
    await act(async () => {
      await vi.advanceTimersByTimeAsync(31_000)
    })
    expect(client.callsTo('session:lock')).toHaveLength(1)
    expect(screen.getByRole('dialog', { name: 'Locked' })).toBeTruthy()
  })
})
