import { MantineProvider } from '@mantine/core'
import { act, render } from '@testing-library/react'
import type { ReactNode } from 'react'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import type { UserRow } from '../../src/shared/ipc/schemas'
import { fakeClient, type Handlers } from './fake-client'

export const ADMIN_SESSION = {
  user: { username: 'alice', displayName: 'Alice Admin', role: 'admin' as const },
  locked: false
}

export function userRow(overrides: Partial<UserRow> = {}): UserRow {
  return {
    username: 'nina',
    displayName: 'Nina Okafor',
    role: 'nurse',
    address: `0x${'1a'.repeat(20)}`,
    chainRegisteredAt: '2026-01-02T10:00:00.000Z',
    disabledAt: null,
    createdAt: '2026-01-02T10:00:00.000Z',
    ...overrides
  }
}

/** An admin screen against a fake core, with an admin logged in. */
export function renderAdmin(screenNode: ReactNode, handlers: Handlers) {
  const client = fakeClient(handlers)
  act(() => useStore.setState({ client, session: ADMIN_SESSION }))
  render(<MantineProvider theme={theme}>{screenNode}</MantineProvider>)
  return client
}
