import { MantineProvider } from '@mantine/core'
import { act, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { StatusBar } from '../../src/renderer/src/screens/shell/StatusBar'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import { ONLINE } from './fixtures'

function renderBar() {
  render(
    <MantineProvider theme={theme}>
      <StatusBar />
    </MantineProvider>
  )
}

describe('the status bar', () => {
  it('names the node, the cloud, the queue and the last sync', () => {
    act(() =>
      useStore.getState().setStatus({
        ...ONLINE,
        queue: { depth: 2, cloudBacklog: 1, failing: 0 },
        lastSyncAt: new Date(Date.now() - 120_000).toISOString()
      })
    )
    renderBar()
    expect(screen.getByTestId('status-node').textContent).toBe('Node: connected')
    expect(screen.getByTestId('status-cloud').textContent).toBe('Cloud: connected')
    expect(screen.getByTestId('status-queue').textContent).toBe(
      'Queue: 2 waiting for the ledger, 1 waiting for the cloud'
    )
    expect(screen.getByTestId('status-last-sync').textContent).toBe('Last sync: 2 minutes ago')
    expect(screen.queryByTestId('offline-banner')).toBeNull()
  })

  it('turns red and says so, in a live region, when the workstation is offline', () => {
    act(() =>
      useStore.getState().setStatus({
        ...ONLINE,
        node: 'down',
        cloud: 'down',
        offline: true,
        lastError: 'the node at http://127.0.0.1:8545 does not answer'
      })
    )
    renderBar()
    const bar = screen.getByTestId('status-bar')
    expect(bar.getAttribute('data-offline')).toBe('true')
    expect(screen.getByRole('status').textContent).toMatch(/^OFFLINE: entries are kept safely/)
    expect(screen.getByTestId('status-node').textContent).toBe('Node: unreachable')
    expect(screen.getByText('the node at http://127.0.0.1:8545 does not answer')).toBeTruthy()
  })
})
