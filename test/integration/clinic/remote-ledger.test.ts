import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonRpcProvider, Network, parseEther, type Contract } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployLedger } from '../../../src/main/chain/deploy-ledger'
import { ledgerAt, sendLedgerTx } from '../../../src/main/chain/ledger-artifact'
import { mediblock } from '../../support/cli'
import { GanacheServer, REMOTE_CHAIN_ID } from '../../support/ganache-server'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}`

type Json = Record<string, unknown>

const vitals = (heartRate: number) => [
  'record',
  'add',
  '--patient',
  'M1',
  '--template',
  'vitals',
  '--set',
  `heart_rate=${heartRate}`,
  '--set',
  'systolic=120',
  '--set',
  'diastolic=80',
  '--set',
  'temperature=37.0',
  '--as',
  'nina'
]

describe('a clinic on a remote ledger (ganache as a separate JSON-RPC server)', () => {
  let server: GanacheServer
  let provider: JsonRpcProvider
  let ledger: Contract
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mediblock-remote-'))
    // Blocks every second, as on a real network, so that confirmations mean something.
    server = await GanacheServer.start({ dbPath: join(dir, 'chain'), blockTime: 1 })
    const network = Network.from(REMOTE_CHAIN_ID)
    provider = new JsonRpcProvider(server.url, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    provider.pollingInterval = 100
    // The ledger's operator (not this workstation) deploys it.
    const operator = server.operator.connect(provider)
    const deployment = await deployLedger({ admin: operator })
    ledger = ledgerAt(deployment.address, operator)
  }, 120_000)

  afterAll(async () => {
    provider?.destroy()
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('attaches, waits for the operator, validates records, and queues them while the node is down', async () => {
    const dataDir = tempDir()
    const run = (args: string[], env: Record<string, string> = {}) =>
      mediblock(['--data-dir', dataDir, ...args], { MEDIBLOCK_SECRET_STORE: 'vault', ...env })
    const ok = (args: string[], env: Record<string, string> = {}): Json => {
      const result = run(['--json', ...args], env)
      if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
      return JSON.parse(result.stdout) as Json
    }
    const address = await ledger.getAddress()

    // An address that holds no ledger is refused, and leaves nothing behind.
    const wrong = run(
      [
        'init',
        '--clinic',
        'C',
        '--admin',
        'admin',
        '--node',
        server.url,
        '--contract',
        server.operator.address
      ],
      { MEDIBLOCK_PASSWORD: ADMIN }
    )
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toMatch(/is not this clinic's ledger: no contract there/)

    const init = ok(
      ['init', '--clinic', 'C', '--admin', 'admin', '--node', server.url, '--contract', address],
      { MEDIBLOCK_PASSWORD: ADMIN }
    ) as { handshaker: string; adminAddress: string; ledger: Json }
    expect(init.ledger).toMatchObject({ kind: 'remote', chainId: REMOTE_CHAIN_ID, address })
    // The templates its operator published are the TTM's.
    const templates = JSON.parse(run(['--json', 'template', 'list']).stdout) as unknown[]
    expect(templates).toHaveLength(5)

    // The workstation's admin is not the ledger's admin yet: the nurse is added, not registered.
    const added = ok(
      ['user', 'add', '--username', 'nina', '--name', 'Nina', '--role', 'nurse', '--as', 'admin'],
      { MEDIBLOCK_PASSWORD: ADMIN, MEDIBLOCK_NEW_PASSWORD: NURSE }
    )
    expect(added['chainRegisteredAt']).toBeNull()
    expect(added['ledgerNotice']).toMatch(/admin is not the ledger's admin/)
    expect(run(['user', 'list']).stdout).toMatch(/nina .* \(not on the ledger yet\)/)

    // The operator authorizes this workstation: its handshaker, and its admin.
    const operator = server.operator.connect(provider)
    await sendLedgerTx(
      ledger,
      'grantRole',
      await ledger.getFunction('HANDSHAKER_ROLE')(),
      init.handshaker
    )
    await sendLedgerTx(ledger, 'grantRole', DEFAULT_ADMIN_ROLE, init.adminAddress)
    for (const to of [init.handshaker, init.adminAddress]) {
      await (await operator.sendTransaction({ to, value: parseEther('10') })).wait()
    }
    const registered = ok(['user', 'register', 'nina', '--as', 'admin'], {
      MEDIBLOCK_PASSWORD: ADMIN
    })
    expect(registered['ledgerNotice']).toBeNull()
    expect(registered['chainRegisteredAt']).toEqual(expect.any(String))

    ok(
      [
        'patient',
        'add',
        '--name',
        'Jo',
        '--dob',
        '1980-01-01',
        '--mrn',
        'M1',
        '--consent',
        'yes',
        '--as',
        'nina'
      ],
      {
        MEDIBLOCK_PASSWORD: NURSE
      }
    )
    const valid = ok(vitals(72), { MEDIBLOCK_PASSWORD: NURSE })
    expect(valid).toMatchObject({ state: 'anchored', ledgerError: null })
    const rejected = ok(vitals(400), { MEDIBLOCK_PASSWORD: NURSE })
    expect(rejected).toMatchObject({ state: 'rejected', reasonName: 'RULE_FAILED_0' })

    // The node goes down: records are still taken, and wait in the queue.
    await server.stop()
    const offline = [
      ok(vitals(80), { MEDIBLOCK_PASSWORD: NURSE }),
      ok(vitals(81), { MEDIBLOCK_PASSWORD: NURSE })
    ]
    for (const record of offline) {
      expect(record).toMatchObject({ state: 'queued' })
      expect(record['ledgerError']).toMatch(/cannot reach the Ethereum node/)
    }
    // The patient's registration and the valid vital signs are on chain; one refused.
    expect(ok(['queue'])).toMatchObject({ queued: 2, anchored: 2, rejected: 1 })
    expect(ok(['status'])).toMatchObject({ queue: { queued: 2 } })

    // The node comes back: the queue drains, each record once.
    await server.restart()
    expect(ok(['queue', '--drain', '--as', 'nina'], { MEDIBLOCK_PASSWORD: NURSE })).toMatchObject({
      sent: 2,
      queued: 0,
      submitted: 0,
      anchored: 4,
      rejected: 1,
      cloudBacklog: 4
    })
    const events = await ledger.queryFilter(ledger.filters['BatchAnchored'] ?? 'BatchAnchored', 0)
    const anchored = events.map(
      (e) => (e as unknown as { args: { accepted: bigint; count: bigint } }).args
    )
    expect(anchored.reduce((sum, a) => sum + Number(a.accepted), 0)).toBe(4)
  }, 240_000)
})
