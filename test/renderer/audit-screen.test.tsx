import { MantineProvider } from '@mantine/core'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ExportFhirButton } from '../../src/renderer/src/components/ExportFhirButton'
import { AuditScreen } from '../../src/renderer/src/screens/audit/AuditScreen'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import type { ChannelResponse } from '../../src/shared/ipc/channels'
import type { Role } from '../../src/shared/roles'
import { coded, fakeClient, type Handlers } from './fake-client'
import { INFO, ONLINE, patient } from './fixtures'
import { sessionOf } from './patient-fixtures'

type Verify = ChannelResponse<'audit:verify'>

const TID = `0x${'ab'.repeat(16)}`
const PROBLEM: Verify['problems'][number] = {
  tid: TID,
  kind: 'modified',
  detail: 'the cloud row differs from the chain: clinicianSeq',
  evidence: {
    anchor: {
      chainBatch: 3,
      txHash: `0x${'cd'.repeat(32)}`,
      blockNumber: 12,
      leafIndex: 0,
      root: `0x${'ef'.repeat(32)}`,
      reason: 0,
      reasonName: 'ACCEPTED'
    },
    claimed: null,
    differences: [{ field: 'clinicianSeq', expected: 4, found: 1004 }],
    commitment: null,
    proofHolds: true
  }
}

/** A promise the test settles when it wants the core to answer. */
function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Files handed to the browser's downloads, by name, with their text. */
let downloads: { name: string; blob: Blob }[] = []

beforeEach(() => {
  downloads = []
  let n = 0
  const blobs = new Map<string, Blob>()
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    const url = `blob:test/${++n}`
    blobs.set(url, blob as Blob)
    return url
  })
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
    this: HTMLAnchorElement
  ) {
    downloads.push({ name: this.download, blob: blobs.get(this.href) as Blob })
  })
})

afterEach(() => {
  cleanup()
  act(() => useStore.getState().applySession({ user: null, locked: false }))
  vi.restoreAllMocks()
})

async function renderAudit(role: Role, handlers: Handlers) {
  const client = fakeClient({
    'app:info': () => INFO,
    'session:get': () => sessionOf(role),
    'status:get': () => ONLINE,
    'settings:get': () => ({ autoLockMinutes: 15 }),
    'patients:search': () => ({ patients: [patient()], total: 1 }),
    'cloud:status': () => ({
      where: 'embedded',
      details: '',
      engine: 'sqlite',
      embedded: true,
      reachable: true,
      schema: null,
      records: 10,
      rejected: 0,
      problem: null
    }),
    'records:get': ({ tid }) => {
      if (tid !== TID) throw coded('NOT_FOUND', 'no such record')
      return { patientId: 'p-1' } as ChannelResponse<'records:get'>
    },
    'patients:get': () => ({ patient: patient(), timeline: { items: [], nextCursor: null } }),
    ...handlers
  })
  await act(() => useStore.getState().start(client))
  render(
    <MantineProvider theme={theme} env="test">
      <AuditScreen />
    </MantineProvider>
  )
  return client
}

describe('the audit screen', () => {
  it('verifies with progress, names each problem with its evidence, restores and verifies again', async () => {
    const first = deferred<Verify>()
    let verifies = 0
    const client = await renderAudit('admin', {
      'audit:verify': () =>
        ++verifies === 1 ? first.promise : { runId: 'r2', checked: 10, verified: 10, problems: [] },
      'audit:restore': () => ({
        outcomes: [
          { tid: TID, kind: 'modified', action: 'rewritten', detail: 'from the local copy' }
        ]
      })
    })
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    const progress = await screen.findByTestId('audit-progress')
    expect(progress.textContent).toMatch(/Verifying the whole clinic/)
    // Progress events of this run fill the bar (the cloud holds 10 rows); others' are ignored.
    const [request] = client.callsTo('audit:verify') as { runId: string }[]
    act(() => client.emit('audit:progress', { runId: 'someone-else', anchored: 9, cloud: 9 }))
    act(() => client.emit('audit:progress', { runId: request!.runId, anchored: 4, cloud: 5 }))
    await vi.waitFor(() =>
      expect(screen.getByTestId('audit-progress-counts').textContent).toBe(
        '5 cloud rows checked of 10, 4 records found on the ledger'
      )
    )
    expect(
      screen.getByRole('progressbar', { name: 'Audit progress' }).getAttribute('aria-valuenow')
    ).toBe('50')
    // The window answers meanwhile; a second run waits.
    expect(screen.getByRole('button', { name: 'Verify' }).hasAttribute('disabled')).toBe(true)

    first.resolve({ runId: request!.runId, checked: 10, verified: 9, problems: [PROBLEM] })
    const summary = await screen.findByTestId('audit-summary')
    expect(summary.textContent).toMatch(
      /1 problem found.*Checked 10 records of the whole clinic.*9 verified/
    )
    const table = screen.getByRole('table', { name: 'Problems found' })
    const row = within(table).getByText(TID).closest('tr') as HTMLElement
    expect(row.textContent).toMatch(/changed in the cloud/)
    expect(row.textContent).toContain(PROBLEM.detail)
    // The patient, found from this workstation's copy, links to their page.
    expect(within(row).getByRole('button', { name: 'Open Jo Bloggs' })).toBeTruthy()
    fireEvent.click(
      screen.getByRole('button', { name: `Evidence for record ${TID}: changed in the cloud` })
    )
    const differences = await screen.findByRole('table', { name: `Differences for record ${TID}` })
    expect(differences.textContent).toMatch(/clinicianSeq\s*4\s*1004/)
    expect(useStore.getState().badges[TID]).toMatchObject({ state: 'problem', kind: 'modified' })

    // Restore asks first, says what it did, and verifies again.
    fireEvent.click(screen.getByRole('button', { name: 'Restore 1 record…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Restore 1 record?' })
    expect(client.callsTo('audit:restore')).toHaveLength(0)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Restore' }))
    const outcomes = await screen.findByTestId('restore-outcomes')
    expect(outcomes.textContent).toMatch(
      /1 of 1 record repaired.*Rewritten from this workstation's copy/
    )
    expect(client.callsTo('audit:restore')).toEqual([{ tids: [TID] }])
    await vi.waitFor(() =>
      expect(screen.getByTestId('audit-summary').getAttribute('data-outcome')).toBe('verified')
    )
    expect(client.callsTo('audit:verify')).toHaveLength(2)
    expect(useStore.getState().badges[TID]).toBeUndefined()
  })

  it('checks the scope before asking: one patient needs a patient, records since need a day', async () => {
    const client = await renderAudit('auditor', {})
    fireEvent.click(screen.getByRole('radio', { name: 'One patient' }))
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    await screen.findByText('Choose a patient.')
    fireEvent.click(screen.getByRole('radio', { name: 'Records since a day' }))
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    await screen.findByText('Choose a day.')
    expect(client.callsTo('audit:verify')).toHaveLength(0)
  })

  it('downloads the report in the format chosen; an auditor may not restore or export', async () => {
    const client = await renderAudit('auditor', {
      'audit:verify': () => ({ runId: 'r', checked: 3, verified: 2, problems: [PROBLEM] }),
      'audit:report': ({ format }) => ({
        outcome: 'problems',
        checked: 3,
        verified: 2,
        problems: 1,
        files: ['', '.summary', '.batches'].map((part) => ({
          fileName: `audit-report${part}.${format}`,
          mediaType: 'text/csv; charset=utf-8',
          content: `tid,kind\n${TID},modified\n`,
          sha256: '0'.repeat(64),
          bytes: 10,
          path: `/tmp/audit-report${part}.${format}`
        }))
      })
    })
    fireEvent.click(screen.getByRole('radio', { name: 'CSV' }))
    fireEvent.click(screen.getByRole('button', { name: 'Download report' }))
    const note = await screen.findByTestId('report-downloaded')
    expect(note.textContent).toMatch(/audit-report\.csv.*1 problem in 3 records/)
    expect(client.callsTo('audit:report')).toEqual([
      { format: 'csv', runId: expect.any(String) as string }
    ])
    expect(downloads.map((d) => d.name)).toEqual([
      'audit-report.csv',
      'audit-report.summary.csv',
      'audit-report.batches.csv'
    ])
    expect(await downloads[0]!.blob.text()).toContain(`${TID},modified`)

    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    await screen.findByRole('table', { name: 'Problems found' })
    expect(screen.queryByRole('button', { name: /^Restore/ })).toBeNull()
    expect(screen.queryByRole('heading', { name: 'FHIR export' })).toBeNull()
  })

  it('says why the audit could not run', async () => {
    await renderAudit('auditor', {
      'audit:verify': () => {
        throw coded('UNAVAILABLE', 'The cloud database cannot be reached.')
      }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Verify' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toMatch(/could not run.*cloud database cannot be reached/)
    expect(screen.getByRole('button', { name: 'Verify' }).hasAttribute('disabled')).toBe(false)
  })
})

describe('the FHIR export button', () => {
  const BUNDLE = '{"resourceType":"Bundle"}'
  const exported = (): ChannelResponse<'export:fhir'> => ({
    file: {
      fileName: 'p-1.fhir.json',
      mediaType: 'application/fhir+json',
      content: BUNDLE,
      sha256: '0'.repeat(64),
      bytes: BUNDLE.length,
      path: '/tmp/p-1.fhir.json'
    },
    bundleId: 'b',
    records: 3,
    resources: 4,
    excluded: { queued: 1, submitted: 0, rejected: 1 },
    inconsistent: []
  })

  async function renderButton(role: Role, handlers: Handlers) {
    const client = fakeClient({
      'app:info': () => INFO,
      'session:get': () => sessionOf(role),
      'status:get': () => ONLINE,
      'settings:get': () => ({ autoLockMinutes: 15 }),
      ...handlers
    })
    await act(() => useStore.getState().start(client))
    render(
      <MantineProvider theme={theme} env="test">
        <ExportFhirButton patientId="p-1" />
      </MantineProvider>
    )
    return client
  }

  it('downloads the Bundle for a doctor and says what was left out', async () => {
    const client = await renderButton('doctor', { 'export:fhir': exported })
    fireEvent.click(screen.getByRole('button', { name: 'Export FHIR bundle' }))
    const said = await screen.findByText(/Downloaded p-1\.fhir\.json/)
    expect(said.textContent).toMatch(
      /3 records on chain \(2 not on chain yet or refused, left out\)/
    )
    expect(client.callsTo('export:fhir')).toEqual([{ patientId: 'p-1' }])
    expect(downloads.map((d) => d.name)).toEqual(['p-1.fhir.json'])
    expect(await downloads[0]!.blob.text()).toBe(BUNDLE)
  })

  it('shows why an export failed', async () => {
    await renderButton('nurse', {
      'export:fhir': () => {
        throw coded('NOT_FOUND', 'No such patient.')
      }
    })
    fireEvent.click(screen.getByRole('button', { name: 'Export FHIR bundle' }))
    expect(
      (await screen.findByText('No such patient.')).closest('[role="alert"]')?.textContent
    ).toMatch(/Export failed/)
  })

  it('is not there for an auditor', async () => {
    await renderButton('auditor', {})
    expect(screen.queryByRole('button', { name: 'Export FHIR bundle' })).toBeNull()
  })
})
