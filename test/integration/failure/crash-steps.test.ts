import { join, resolve } from 'node:path'
import { JsonRpcProvider } from 'ethers'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { BundledNode } from '../../../src/main/chain/node/bundled-node'
import { ledgerAt } from '../../../src/main/chain/ledger-artifact'
import type { CrashPoint } from '../../../src/main/handshaker/crash-point'
import { LocalStore } from '../../../src/main/store/local-store'
import { mediblock, ROOT } from '../../support/cli'
import { tempDir } from '../../support/temp-dir'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'
const STEPS: CrashPoint[] = ['signed', 'queued', 'submitted', 'mined', 'acked']
/** Rounds over all the steps; each round kills one `record add` at every step. */
const ROUNDS = 3

describe('kill -9 at each step of a record', () => {
  it('ends with every stored record anchored exactly once and in the outbox exactly once', async () => {
    const dataDir = tempDir()
    const env = { MEDIBLOCK_SECRET_STORE: 'vault' }
    const run = (args: string[], extra: Record<string, string> = {}) =>
      mediblock(['--data-dir', dataDir, ...args], { ...env, ...extra })
    const ok = (args: string[], extra: Record<string, string> = {}) => {
      const result = run(['--json', ...args], extra)
      if (result.status !== 0) throw new Error(`${args.join(' ')}: ${result.stderr}`)
      return JSON.parse(result.stdout) as Record<string, unknown>
    }
    ok(['init', '--clinic', 'C', '--admin', 'admin'], { MEDIBLOCK_PASSWORD: ADMIN })
    ok(['user', 'add', '--username', 'nina', '--name', 'N', '--role', 'nurse', '--as', 'admin'], {
      MEDIBLOCK_PASSWORD: ADMIN,
      MEDIBLOCK_NEW_PASSWORD: NURSE
    })
    ok(
      [
        'patient',
        'add',
        '--name',
        'J',
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
    const add = [
      'record',
      'add',
      '--patient',
      'M1',
      '--template',
      'vitals',
      '--set',
      'heart_rate=70',
      '--set',
      'systolic=120',
      '--set',
      'diastolic=80',
      '--set',
      'temperature=37.0',
      '--as',
      'nina'
    ]

    for (let round = 0; round < ROUNDS; round++) {
      for (const step of STEPS) {
        const killed = run(add, { MEDIBLOCK_PASSWORD: NURSE, MEDIBLOCK_TEST_CRASH_AT: step })
        expect(killed.status, step).toBeNull() // died by SIGKILL, no exit code
      }
    }
    // Restart: the next run recovers whatever the killed ones left behind.
    ok(['queue', '--drain', '--as', 'nina'], { MEDIBLOCK_PASSWORD: NURSE })

    const all = ok(['record', 'list']) as unknown as {
      tid: string
      state: string
      template: string
    }[]
    // The patient's registration, and the vital signs of the killed runs.
    expect(all.filter((r) => r.template === 'patient-registration@1')).toHaveLength(1)
    const vitals = all.filter((r) => r.template === 'vital-signs@1')
    // A run killed right after signing stored nothing; every other run stored its record.
    expect(vitals).toHaveLength(ROUNDS * (STEPS.length - 1))
    const records = all
    expect(records.every((r) => r.state === 'anchored')).toBe(true)
    const queue = ok(['queue'])
    expect(queue).toMatchObject({
      queued: 0,
      submitted: 0,
      pendingBatches: 0,
      cloudBacklog: records.length
    })

    // On chain: exactly as many accepted records as the store holds, once each.
    const status = ok(['status']) as { ledger: { kind: string } }
    expect(status.ledger.kind).toBe('bundled')
    const accepted = await acceptedOnChain(dataDir)
    expect(accepted).toBe(records.length)
  }, 300_000)
})

/** Sums `accepted` over every BatchAnchored event of the workstation's ledger. */
async function acceptedOnChain(dataDir: string): Promise<number> {
  const store = LocalStore.open(join(dataDir, 'local.db'))
  const contract = store.getConfig('ledger').contract
  store.close()
  if (!contract) throw new Error('no ledger')
  const node = await BundledNode.start({
    chainDir: join(dataDir, 'chain'),
    log: pino({ level: 'silent' }),
    entry: resolve(ROOT, 'out/main/ganache-node.js')
  })
  const provider = new JsonRpcProvider(node.url, contract.chainId, { staticNetwork: true })
  try {
    const ledger = ledgerAt(contract.address, provider)
    const events = await ledger.queryFilter(ledger.filters['BatchAnchored'] ?? 'BatchAnchored', 0)
    return events.reduce(
      (sum, e) => sum + Number((e as unknown as { args: { accepted: bigint } }).args.accepted),
      0
    )
  } finally {
    provider.destroy()
    await node.stop()
  }
}
