import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JsonRpcProvider, Network, parseEther, type Contract } from 'ethers'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deployLedger } from '../../../src/main/chain/deploy-ledger'
import { ledgerAt, sendLedgerTx } from '../../../src/main/chain/ledger-artifact'
import { mediblock } from '../../support/cli'
import { GanacheServer, REMOTE_CHAIN_ID } from '../../support/ganache-server'
import { PostgresServer, type PostgresDatabase } from '../../support/postgres-server'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'
const PASSPHRASE = 'correct horse battery staple'
const DEFAULT_ADMIN_ROLE = `0x${'00'.repeat(32)}`

type Json = Record<string, unknown>

/** One workstation: its own data dir, the vault for its secrets. */
function workstation() {
  const dataDir = tempDir()
  const run = (args: string[], env: Record<string, string> = {}) =>
    mediblock(['--data-dir', dataDir, ...args], { MEDIBLOCK_SECRET_STORE: 'vault', ...env })
  const ok = <T = Json>(args: string[], env: Record<string, string> = {}): T => {
    const result = run(['--json', ...args], env)
    if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
    return JSON.parse(result.stdout) as T
  }
  return { dataDir, run, ok }
}

const vitals = (mrn: string, heartRate: number, as: string) => [
  'record',
  'add',
  '--patient',
  mrn,
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
  as
]

describe('two workstations of one clinic, through one PostgreSQL cloud and one remote ledger', () => {
  let chain: GanacheServer
  let postgres: PostgresServer
  let provider: JsonRpcProvider
  let ledger: Contract
  let dir: string

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mediblock-two-'))
    ;[chain, postgres] = await Promise.all([
      GanacheServer.start({ dbPath: join(dir, 'chain') }),
      PostgresServer.start()
    ])
    const network = Network.from(REMOTE_CHAIN_ID)
    provider = new JsonRpcProvider(chain.url, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    provider.pollingInterval = 50
    const deployment = await deployLedger({ admin: chain.operator.connect(provider) })
    ledger = ledgerAt(deployment.address, chain.operator.connect(provider))
  }, 180_000)

  afterAll(async () => {
    provider?.destroy()
    await Promise.all([chain?.stop(), postgres?.dispose()])
    rmSync(dir, { recursive: true, force: true })
  })

  /** What the operator does for a new workstation's admin and handshaker. */
  async function authorize(init: { handshaker: string; adminAddress: string }) {
    const operator = chain.operator.connect(provider)
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
  }

  function useCloud(ws: ReturnType<typeof workstation>, db: PostgresDatabase) {
    ws.ok(
      [
        'cloud',
        'set',
        '--engine',
        'postgres',
        '--host',
        db.host,
        '--port',
        String(db.port),
        '--database',
        db.database,
        '--user',
        db.user,
        '--tls',
        'off',
        '--as',
        'admin'
      ],
      { MEDIBLOCK_PASSWORD: ADMIN, MEDIBLOCK_CLOUD_PASSWORD: db.password }
    )
    ws.ok(['cloud', 'migrate', '--as', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
    return ws.ok(['cloud', 'test', '--as', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
  }

  it('syncs records both ways, verifies what it pulls, and refuses a tampered row', async () => {
    const db = await postgres.createDatabase()
    const address = await ledger.getAddress()
    const asAdmin = { MEDIBLOCK_PASSWORD: ADMIN }
    const asNurse = { MEDIBLOCK_PASSWORD: NURSE }

    // Workstation 1: the clinic, on the remote ledger, with PostgreSQL as its cloud.
    const one = workstation()
    const init = one.ok<{ handshaker: string; adminAddress: string }>(
      [
        'init',
        '--clinic',
        'Riverside',
        '--admin',
        'admin',
        '--node',
        chain.url,
        '--contract',
        address,
        '--confirmations',
        '0'
      ],
      asAdmin
    )
    await authorize(init)
    one.ok(
      ['user', 'add', '--username', 'nina', '--name', 'Nina', '--role', 'nurse', '--as', 'admin'],
      {
        ...asAdmin,
        MEDIBLOCK_NEW_PASSWORD: NURSE
      }
    )
    useCloud(one, db)
    one.ok(
      [
        'patient',
        'add',
        '--name',
        'Jo Bloggs',
        '--dob',
        '1980-01-01',
        '--mrn',
        'M1',
        '--consent',
        'yes',
        '--as',
        'nina'
      ],
      asNurse
    )
    expect(one.ok(vitals('M1', 72, 'nina'), asNurse)).toMatchObject({ state: 'anchored' })
    expect(one.ok(vitals('M1', 400, 'nina'), asNurse)).toMatchObject({ state: 'rejected' })
    const pushed = one.ok(['sync', '--as', 'nina'], asNurse)
    expect(pushed).toMatchObject({ pushed: 2, rejections: 1, imported: 0, problems: 0 })
    // A replay changes nothing.
    expect(one.ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({ pushed: 0, rejections: 0 })

    // Workstation 2 joins with an enrollment file and a passphrase given another way.
    const file = join(one.dataDir, 'enroll.json')
    const exported = one.ok<{ handshaker: string; authorized: boolean }>(
      ['enroll', 'export', '--out', file, '--as', 'admin', '--fund', '1'],
      { ...asAdmin, MEDIBLOCK_ENROLL_PASSPHRASE: PASSPHRASE }
    )
    expect(exported.authorized).toBe(true)
    const two = workstation()
    const wrong = two.run(['init', '--join', file, '--admin', 'admin'], {
      ...asAdmin,
      MEDIBLOCK_ENROLL_PASSPHRASE: 'not the passphrase'
    })
    expect(wrong.status).toBe(2)
    expect(wrong.stderr).toMatch(/wrong passphrase/)
    const joined = two.ok(['init', '--join', file, '--admin', 'admin'], {
      ...asAdmin,
      MEDIBLOCK_ENROLL_PASSPHRASE: PASSPHRASE
    })
    expect(joined).toMatchObject({ clinic: 'Riverside', users: 2, handshaker: exported.handshaker })
    two.ok(['user', 'slot', 'nina', '--as', 'admin'], {
      ...asAdmin,
      MEDIBLOCK_USER_PASSWORD: NURSE
    })

    // It pulls workstation 1's records, verified against the chain, and knows the patient.
    expect(two.ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({ imported: 2, problems: 0 })
    const patients = two.ok<{ name: string; mrn: string }[]>(
      ['patient', 'list', '--as', 'nina'],
      asNurse
    )
    expect(patients).toEqual([expect.objectContaining({ name: 'Jo Bloggs', mrn: 'M1' })])
    const pulled = two.ok<{ tid: string; workstation: string | null; state: string }[]>([
      'record',
      'list'
    ])
    expect(pulled).toHaveLength(2)
    expect(pulled.every((r) => r.workstation !== null && r.state === 'synced')).toBe(true)

    // Workstation 2 writes for the same patient; workstation 1 pulls it.
    expect(two.ok(vitals('M1', 75, 'nina'), asNurse)).toMatchObject({ state: 'anchored' })
    expect(two.ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({ pushed: 1, imported: 0 })
    expect(one.ok(['sync', '--as', 'nina'], asNurse)).toMatchObject({ pushed: 0, imported: 1 })

    // A row altered in the cloud behind the app's back is caught, named, and not imported.
    const tampered = one.ok<{ tid: string }>(vitals('M1', 90, 'nina'), asNurse)
    one.ok(['sync', '--as', 'nina'], asNurse)
    const admin = await postgres.admin(db.database)
    try {
      await admin.query(`UPDATE records SET payload = decode(md5('x'), 'hex') WHERE tid = $1`, [
        tampered.tid
      ])
    } finally {
      await admin.end()
    }
    const refused = two.run(['--json', 'sync', '--as', 'nina'], asNurse)
    expect(refused.status).toBe(1)
    const report = JSON.parse(refused.stdout) as { imported: number; problemRecords: Json[] }
    expect(report.imported).toBe(0)
    expect(report.problemRecords).toEqual([
      expect.objectContaining({ tid: tampered.tid, kind: 'undecryptable' })
    ])
    expect(two.ok<unknown[]>(['record', 'list'])).toHaveLength(3)
  }, 300_000)
})
