import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { formatEth } from '../../src/renderer/src/screens/admin/ledger/eth'
import { CloudScreen } from '../../src/renderer/src/screens/admin/cloud/CloudScreen'
import { LedgerScreen } from '../../src/renderer/src/screens/admin/ledger/LedgerScreen'
import { QueueScreen } from '../../src/renderer/src/screens/admin/queue/QueueScreen'
import { SecurityLogScreen } from '../../src/renderer/src/screens/admin/security-log/SecurityLogScreen'
import { SettingsScreen } from '../../src/renderer/src/screens/admin/settings/SettingsScreen'
import { NOT_LOADED } from '../../src/renderer/src/state/admin-load'
import { useStore } from '../../src/renderer/src/state/store'
import type { ChannelResponse } from '../../src/shared/ipc/channels'
import type { CloudStatus, LedgerStatus, QueueItem } from '../../src/shared/ipc/schemas'
import { coded } from './fake-client'
import { renderAdmin } from './admin-fixtures'
import { ONLINE } from './fixtures'

afterEach(() =>
  useStore.setState({
    ledgerStatus: NOT_LOADED,
    cloudStatus: NOT_LOADED,
    queue: NOT_LOADED,
    securityLog: NOT_LOADED,
    securityLogCheck: NOT_LOADED,
    settings: null,
    status: null
  })
)

const LEDGER: LedgerStatus = {
  kind: 'bundled',
  nodeUrl: 'http://127.0.0.1:8545',
  chainId: 1337,
  contract: `0x${'ab'.repeat(20)}`,
  deployBlock: 1,
  confirmations: 0,
  reachable: true,
  latestBlock: 1234,
  handshaker: { address: `0x${'cd'.repeat(20)}`, balanceWei: '1500000000000000000' },
  trustNotice: 'whoever controls this workstation controls the chain',
  problem: null
}

const CLOUD: CloudStatus = {
  where: 'the embedded database',
  details: 'cloud.db in the data dir',
  engine: 'sqlite',
  embedded: true,
  reachable: true,
  schema: { current: 3, required: 3 },
  records: 12,
  rejected: 1,
  problem: null
}

describe('ledger', () => {
  it('says which node, the chain, contract, blocks and the handshaker balance in ETH', async () => {
    const client = renderAdmin(<LedgerScreen />, { 'ledger:status': () => LEDGER })
    const rows = await screen.findByRole('table', { name: 'Ledger' })
    expect(rows.textContent).toMatch(
      /NodeThe bundled node on this workstation \(http:\/\/127.0.0.1:8545\)/
    )
    expect(rows.textContent).toMatch(/StatusReachable.*Chain id1,337.*Latest block1,234/)
    expect(rows.textContent).toMatch(/Handshaker balance1.5 ETH/)
    expect(screen.getByTestId('trust-notice').textContent).toMatch(/controls the chain/)
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(client.callsTo('ledger:status')).toHaveLength(2))
  })

  it('says what is wrong when the node does not answer', async () => {
    renderAdmin(<LedgerScreen />, {
      'ledger:status': () => ({
        ...LEDGER,
        reachable: false,
        latestBlock: null,
        handshaker: { ...LEDGER.handshaker, balanceWei: null },
        problem: 'the node at http://127.0.0.1:8545 does not answer'
      })
    })
    const alert = await screen.findByRole('alert', { name: 'The ledger has a problem' })
    expect(alert.textContent).toMatch(/does not answer/)
    expect(screen.getByRole('table', { name: 'Ledger' }).textContent).toMatch(
      /StatusNot reachable.*Handshaker balanceunknown/
    )
  })

  it('formats wei as ETH', () => {
    expect(formatEth('0')).toBe('0 ETH')
    expect(formatEth('1000000000000000000000')).toBe('1000 ETH')
    expect(formatEth('123456789')).toBe('less than 0.000001 ETH')
  })
})

describe('cloud database', () => {
  it('shows the status, and saves a new database only after its test passes', async () => {
    let works = false
    const client = renderAdmin(<CloudScreen />, {
      'cloud:status': () => CLOUD,
      'cloud:test': () =>
        works
          ? {
              ok: true,
              where: 'PostgreSQL at db.example.org:5432',
              details: 'database mediblock as user mb, TLS verified',
              engine: 'postgres',
              embedded: false,
              serverVersion: 'PostgreSQL 16',
              schema: { current: 3, required: 3 },
              needsMigration: false,
              records: 0,
              rejected: 0
            }
          : { ok: false, code: 'WRONG_PASSWORD', problem: 'the password for mb is wrong' },
      'cloud:set': () => ({
        where: 'PostgreSQL at db.example.org:5432',
        details: 'database mediblock as user mb, TLS verified',
        engine: 'postgres',
        secretStore: 'vault'
      })
    })
    const rows = await screen.findByRole('table', { name: 'Cloud database' })
    expect(rows.textContent).toMatch(
      /EngineEmbedded database.*StatusReachable.*Schemaversion 3 \(current\).*Records12/
    )
    // The wizard's fields, reused.
    const engine = screen.getByRole('combobox', { name: 'Where records are stored' })
    fireEvent.click(engine)
    fireEvent.click(await screen.findByRole('option', { name: 'PostgreSQL', hidden: true }))
    fireEvent.change(await screen.findByLabelText('Host'), { target: { value: 'db.example.org' } })
    fireEvent.change(screen.getByLabelText('User'), { target: { value: 'mb' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret' } })
    fireEvent.click(screen.getByRole('button', { name: 'Test and save' }))
    const refused = await screen.findByRole('alert', { name: 'Not changed' })
    expect(refused.textContent).toMatch(/Not changed.*the password for mb is wrong/)
    expect(client.callsTo('cloud:set')).toHaveLength(0)

    works = true
    fireEvent.click(screen.getByRole('button', { name: 'Test and save' }))
    const saved = await screen.findByTestId('cloud-saved')
    expect(saved.textContent).toMatch(/PostgreSQL at db.example.org:5432.*kept in the vault/)
    const choice = {
      settings: {
        engine: 'postgres',
        host: 'db.example.org',
        user: 'mb',
        tls: { mode: 'verify' }
      },
      password: 'secret'
    }
    expect(client.callsTo('cloud:test')).toEqual([choice, choice])
    expect(client.callsTo('cloud:set')).toEqual([choice])
  })
})

function queued(overrides: Partial<QueueItem>): QueueItem {
  return {
    tid: `0x${'01'.repeat(16)}`,
    patientId: 'p-1',
    template: 'vital-signs@1',
    author: 'nina',
    createdAt: '2026-01-02T10:00:00.000Z',
    stage: 'ledger',
    state: 'queued',
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    rejection: null,
    ...overrides
  }
}

describe('queue', () => {
  const COUNTS = {
    queued: 1,
    submitted: 0,
    anchored: 5,
    rejected: 1,
    synced: 4,
    pendingBatches: 0,
    cloudBacklog: 1
  }
  const ITEMS = [
    queued({}),
    queued({
      tid: `0x${'02'.repeat(16)}`,
      stage: 'cloud',
      state: 'anchored',
      attempts: 2,
      lastError: 'the cloud database does not answer'
    }),
    queued({
      tid: `0x${'03'.repeat(16)}`,
      stage: 'rejected',
      state: 'rejected',
      rejection: {
        code: 16,
        name: 'RULE_FAILED_0',
        explanation: 'Heart rate (heartRate) must be between 20 and 250 /min',
        attribute: 'heartRate'
      }
    })
  ]

  it('lists what waits with reasons in words, retries the selected, and follows status:changed', async () => {
    const client = renderAdmin(<QueueScreen />, {
      'queue:list': () => ({ counts: COUNTS, items: ITEMS, truncated: false }),
      'queue:retry': ({ tids }) => ({ cloud: tids ? 1 : 1, ledger: tids ? 0 : 1 })
    })
    await screen.findByText(/the cloud database does not answer \(2 failed tries\)/)
    expect(screen.getByTestId('queue-counts').textContent).toMatch(
      /^1 waiting for the ledger .*; 1 on chain waiting for the cloud; 1 refused; 4 synced\.$/
    )
    expect(
      screen.getByText(
        'Heart rate (heartRate) must be between 20 and 250 /min (rule RULE_FAILED_0)'
      )
    ).toBeTruthy()
    // A refusal is final: it cannot be selected for a retry.
    const refusedBox = screen.getByRole('checkbox', { name: `Select record 0x${'03'.repeat(16)}` })
    expect((refusedBox as HTMLInputElement).disabled).toBe(true)

    fireEvent.click(screen.getByRole('checkbox', { name: `Select record 0x${'02'.repeat(16)}` }))
    fireEvent.click(screen.getByRole('button', { name: 'Retry selected (1)' }))
    await screen.findByText(/Trying again now: 0 for the ledger, 1 for the cloud/)
    expect(client.callsTo('queue:retry')).toEqual([{ tids: [`0x${'02'.repeat(16)}`] }])

    fireEvent.click(screen.getByRole('button', { name: 'Retry all' }))
    await waitFor(() => expect(client.callsTo('queue:retry')).toHaveLength(2))
    expect(client.callsTo('queue:retry')[1]).toEqual({})

    const before = client.callsTo('queue:list').length
    // status:changed reaches the store as setStatus (the app slice's listener): the list follows it.
    act(() =>
      useStore.getState().setStatus({ ...ONLINE, queue: { depth: 0, cloudBacklog: 0, failing: 0 } })
    )
    await waitFor(() => expect(client.callsTo('queue:list').length).toBeGreaterThan(before))
  })
})

type LogEntry = ChannelResponse<'audit:log'>['entries'][number]
type LogCheck = ChannelResponse<'audit:verify-log'>

const ANCHOR = {
  entries: 40,
  head: `0x${'a1'.repeat(32)}`,
  blockNumber: 77,
  txHash: `0x${'b2'.repeat(32)}`,
  matches: true,
  found: `0x${'a1'.repeat(32)}`
}

const INTACT: LogCheck = {
  ok: true,
  entries: 45,
  lastSeq: 45,
  head: `0x${'c3'.repeat(32)}`,
  broken: [],
  anchors: 3,
  lastMatching: ANCHOR,
  mismatched: [],
  anchoredThrough: 40,
  unanchored: { from: 41, to: 45 },
  anchoredBy: `0x${'cd'.repeat(20)}`,
  checkedToBlock: 80
}

function entry(seq: number, action: string, subject: string | null = null): LogEntry {
  return {
    seq,
    at: '2026-01-02T10:00:00.000Z',
    actor: 'alice',
    action,
    subject,
    detail: action === 'user.password-reset' ? { oldAddress: '0x1', newAddress: '0x2' } : {},
    hash: `0x${String(seq).padStart(64, '0')}`
  }
}

describe('security log', () => {
  it('pages newest first with Load older, each entry with time, actor, event and details', async () => {
    const client = renderAdmin(<SecurityLogScreen />, {
      'audit:log': ({ before }) =>
        before === undefined
          ? {
              entries: [entry(5, 'user.disabled', 'nina'), entry(4, 'user.password-reset', 'dora')],
              nextBefore: 4
            }
          : { entries: [entry(3, 'login'), entry(2, 'some.new-event')], nextBefore: null }
    })
    const log = await screen.findByRole('table', { name: 'Security log' })
    await within(log).findByText('User disabled')
    expect(within(log).getByText('oldAddress: 0x1, newAddress: 0x2')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }))
    await within(log).findByText('some.new-event', { selector: 'td' })
    const seqs = within(log)
      .getAllByRole('row')
      .slice(1)
      .map((row) => Number(row.querySelector('td')!.textContent))
    expect(seqs).toEqual([5, 4, 3, 2])
    expect(client.callsTo('audit:log')).toEqual([{ limit: 50 }, { limit: 50, before: 4 }])
    expect(screen.queryByRole('button', { name: 'Load older' })).toBeNull()
    expect(screen.getByText(/4 entries shown, back to the first\./)).toBeTruthy()
  })

  it('checks the chain and its anchors on demand, then reads the log again', async () => {
    let reads = 0
    const client = renderAdmin(<SecurityLogScreen />, {
      'audit:log': () => {
        reads++
        return { entries: [entry(reads + 1, 'audit.log-verified')], nextBefore: null }
      },
      'audit:verify-log': () => INTACT
    })
    await screen.findByRole('table', { name: 'Security log' })
    expect(screen.queryByTestId('log-check')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Check the log' }))
    const result = await screen.findByTestId('log-check')
    expect(result.textContent).toMatch(/The security log is intact/)
    expect(result.textContent).toMatch(/All 45 entries hash to their stored hashes/)
    expect(result.textContent).toMatch(
      new RegExp(
        `Entries 1 to 40 are proven as they were when anchored in block 77 \\(tx ${ANCHOR.txHash}\\); 3 heads read from the ledger up to block 80`
      )
    )
    expect(result.textContent).toMatch(/Entries 41 to 45 are newer than the last anchor/)
    expect(client.callsTo('audit:verify-log')).toEqual([{}])
    await waitFor(() => expect(reads).toBe(2))
  })

  it('names the broken spans and the heads on the ledger that do not match', async () => {
    renderAdmin(<SecurityLogScreen />, {
      'audit:log': () => ({ entries: [entry(1, 'login')], nextBefore: null }),
      'audit:verify-log': () => ({
        ...INTACT,
        ok: false,
        broken: [
          {
            from: 12,
            to: 12,
            kind: 'altered',
            detail: 'its content does not hash to its stored hash (edited)'
          },
          {
            from: 41,
            to: 50,
            kind: 'not-as-anchored',
            detail: 'entry 50 is not the one anchored in block 90'
          }
        ],
        lastMatching: { ...ANCHOR, entries: 11 },
        anchoredThrough: 11,
        mismatched: [{ ...ANCHOR, entries: 50, blockNumber: 90, matches: false }]
      })
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Check the log' }))
    const result = await screen.findByTestId('log-check')
    expect(result.getAttribute('role')).toBe('alert')
    expect(result.textContent).toMatch(/The security log was tampered with/)
    const spans = within(result).getAllByRole('listitem')
    expect(spans.map((li) => li.getAttribute('data-kind'))).toEqual(['altered', 'not-as-anchored'])
    expect(spans[0]!.textContent).toMatch(/^Entry 12: edited\. its content does not hash/)
    expect(spans[1]!.textContent).toMatch(/^Entries 41 to 50: not as the ledger anchored them\./)
    expect(result.textContent).toMatch(/Entries 1 to 11 are proven/)
    expect(result.textContent).toMatch(
      /1 head on the ledger does not match this log, the first in block 90/
    )
  })

  it("shows the core's sentence when the log cannot be checked", async () => {
    renderAdmin(<SecurityLogScreen />, {
      'audit:log': () => ({ entries: [], nextBefore: null }),
      'audit:verify-log': () => {
        throw coded('UNAVAILABLE', 'the Ethereum node cannot be used: connection refused')
      }
    })
    fireEvent.click(await screen.findByRole('button', { name: 'Check the log' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toMatch(/The log could not be checked.*connection refused/)
  })

  it("shows the core's sentence when the log cannot be read", async () => {
    renderAdmin(<SecurityLogScreen />, {
      'audit:log': () => {
        throw coded('FORBIDDEN', 'only admins and auditors read the security log')
      }
    })
    expect((await screen.findByRole('alert')).textContent).toMatch(/only admins and auditors/)
  })
})

describe('settings', () => {
  it('changes the auto-lock minutes (checked with the core schema) and the idle lock uses them', async () => {
    const client = renderAdmin(<SettingsScreen />, {
      'settings:get': () => ({ autoLockMinutes: 15 }),
      'settings:set': (patch) => ({ autoLockMinutes: patch.autoLockMinutes ?? 15 })
    })
    const minutes = await screen.findByRole('textbox', {
      name: /Lock after this many idle minutes/
    })
    await waitFor(() => expect((minutes as HTMLInputElement).value).toBe('15'))
    fireEvent.change(minutes, { target: { value: '0' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByText('At least 1.')
    expect(client.callsTo('settings:set')).toHaveLength(0)
    fireEvent.change(minutes, { target: { value: '7' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect((await screen.findByTestId('settings-saved')).textContent).toMatch(/after 7 minutes/)
    expect(client.callsTo('settings:set')).toEqual([{ autoLockMinutes: 7 }])
    expect(useStore.getState().settings).toEqual({ autoLockMinutes: 7 })
  })
})
