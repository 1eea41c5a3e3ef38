import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { record } from './fixtures'
import { logOut, renderPatientPage } from './patient-fixtures'

afterEach(logOut)

describe('the patient timeline', () => {
  it('draws a screenful first and then every record of the page, newest first', async () => {
    const items = Array.from({ length: 60 }, (_, i) =>
      record({ state: 'synced', signedAt: new Date(Date.UTC(2026, 0, 1, 0, 60 - i)).toISOString() })
    )
    await renderPatientPage('doctor', items)
    // The rest comes in a transition after the next frame: 40 cards take over a second on a busy machine.
    await waitFor(() => expect(screen.getAllByTestId('timeline-item')).toHaveLength(60), {
      timeout: 10_000
    })
    expect(screen.getAllByTestId('timeline-item').map((el) => el.getAttribute('data-tid'))).toEqual(
      items.map((item) => item.tid)
    )
  })
})
