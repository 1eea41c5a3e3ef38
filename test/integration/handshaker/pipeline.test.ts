import { describe, expect, it } from 'vitest'
import { ledgerAt } from '../../../src/main/chain/ledger-artifact'
import { leafHash, verifyOutcome } from '../../../src/main/chain/merkle'
import { recordDigest } from '../../../src/main/chain/record-encoding'
import { LedgerClient } from '../../../src/main/handshaker/ledger-client'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import {
  TransactionValidator,
  type RecordOutcome
} from '../../../src/main/handshaker/transaction-validator'
import type { LocalStore } from '../../../src/main/store/local-store'
import { REASON, RULE_FAILED } from '../../../src/shared/rules'
import { templateHash, type TemplateDefinition } from '../../../src/shared/templates'
import { ledgerFixture, silentLog } from '../../support/ledger-fixture'

type Fixture = Awaited<ReturnType<typeof ledgerFixture>>

function vitalsOf(f: Fixture): TemplateDefinition {
  const vitals = f.templates.find((t) => t.slug === 'vital-signs')
  if (!vitals) throw new Error('no vital-signs template')
  return vitals
}

/** Signs and queues one vital-signs record by the fixture's first clinician. */
function enter(f: Fixture, client: LedgerClient, heartRate: number): string {
  const author = f.users[0]
  const wallet = f.wallets[0]?.wallet
  if (!author || !wallet) throw new Error('no clinician')
  const vitals = vitalsOf(f)
  const seq = f.store.users.takeSeq(author.id)
  const g = generateRecord(
    {
      template: vitals,
      templateHash: templateHash(vitals),
      patient: { id: f.patient.id, pseudonym: f.patient.pseudonym },
      author: { username: author.username, address: author.address, signingKey: wallet.signingKey },
      attributes: { heartRate, systolic: 120, diastolic: 80, temperature: 37.2 },
      seq
    },
    client.domain
  )
  f.store.records.enqueue({
    tid: g.document.tid,
    patientId: f.patient.id,
    templateId: vitals.id,
    templateVersion: vitals.version,
    authorId: author.id,
    seq,
    supersedes: null,
    payload: Buffer.from(g.canonical),
    chainRecord: JSON.stringify(g.chainRecord)
  })
  return g.document.tid
}

async function connect(f: Fixture): Promise<LedgerClient> {
  const client = await LedgerClient.connect({
    url: f.node.url,
    chainId: f.deployment.chainId,
    address: f.deployment.address,
    handshakerKey: f.handshaker.privateKey,
    pollMs: 10
  })
  return client
}

function tv(store: LocalStore, client: LedgerClient, outcomes: RecordOutcome[] = []) {
  return new TransactionValidator({
    store,
    client,
    log: silentLog,
    onOutcome: (o) => outcomes.push(o)
  })
}

describe('the handshaker pipeline on the bundled node', () => {
  it('anchors valid records, rejects invalid ones with the rule that failed, and proves both', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const good = enter(f, client, 72)
    const bad = enter(f, client, 400)
    const outcomes: RecordOutcome[] = []
    expect(await tv(f.store, client, outcomes).drain()).toBe(2)
    client.destroy()

    const anchored = f.store.records.get(good)
    const rejected = f.store.records.get(bad)
    expect(anchored).toMatchObject({ state: 'anchored', reason: REASON.ACCEPTED })
    expect(rejected.state).toBe('rejected')
    expect(rejected.reason).toBeGreaterThanOrEqual(RULE_FAILED)
    expect(outcomes.map((o) => o.state).sort()).toEqual(['anchored', 'rejected'])
    expect(f.store.records.cloudBacklog()).toBe(1)
    expect(f.store.auditLog.recent(10).map((e) => e.action)).toContain('record.rejected')

    // Both outcomes verify off chain and through the contract's view.
    const ledger = ledgerAt(f.deployment.address, f.provider)
    const batch = f.store.records.batch(anchored.batchId ?? -1)
    const [root] = (await ledger.getFunction('batch')(0)) as [string, bigint]
    for (const record of [anchored, rejected]) {
      const chainRecord = JSON.parse(record.chainRecord) as Parameters<typeof recordDigest>[1] & {
        signature: string
      }
      const outcome = {
        tid: record.tid,
        digest: recordDigest(client.domain, chainRecord),
        signer: f.wallets[0]?.wallet.address ?? '',
        reason: record.reason ?? -1
      }
      expect(verifyOutcome(root, outcome, record.proof ?? [])).toBe(true)
      expect(await ledger.getFunction('verifyLeaf')(0, leafHash(outcome), record.proof)).toBe(true)
    }
    expect(batch.tids).toEqual([good, bad])
  })

  it('refuses a node on another chain, and an address that is not the ledger', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const base = {
      url: f.node.url,
      address: f.deployment.address,
      handshakerKey: f.handshaker.privateKey
    }
    await expect(LedgerClient.connect({ ...base, chainId: 1 })).rejects.toMatchObject({
      code: 'CONFLICT'
    })
    await expect(
      LedgerClient.connect({ ...base, chainId: f.deployment.chainId, address: f.admin.address })
    ).rejects.toMatchObject({ code: 'CONFLICT' })
    await expect(
      LedgerClient.connect({ ...base, chainId: f.deployment.chainId, url: 'http://127.0.0.1:9' })
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })

  it('after a crash between storing a batch and its ACK, finishes it exactly once', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const tids = [enter(f, client, 70), enter(f, client, 71)]

    // A run that stored and sent its batch, then died before the receipt.
    const first = tv(f.store, client)
    const crash = new Error('killed')
    const originalApply = f.store.records.applyAcks.bind(f.store.records)
    f.store.records.applyAcks = () => {
      throw crash
    }
    await expect(first.drainOnce()).rejects.toBe(crash)
    f.store.records.applyAcks = originalApply
    expect(f.store.records.pendingBatches()).toHaveLength(1)

    // The next run finds the mined transaction and writes its ACKs; nothing is sent twice.
    const nonceBefore = await f.provider.getTransactionCount(f.handshaker.address)
    expect(await tv(f.store, client).recover()).toBe(1)
    expect(await f.provider.getTransactionCount(f.handshaker.address)).toBe(nonceBefore)
    for (const tid of tids) expect(f.store.records.get(tid).state).toBe('anchored')
    const ledger = ledgerAt(f.deployment.address, f.provider)
    expect(await ledger.getFunction('batchCount')()).toBe(1n)
    client.destroy()
  })
})

describe('a drain with batches in flight', () => {
  /**
   * Records, in order, each transaction the TV sends (the first time) and each
   * ACK it writes; `drop` names the batches (by order of first sending) whose
   * first sending the node never sees.
   */
  function traced(
    f: Fixture,
    client: LedgerClient,
    options: { pipelineDepth: number; drop?: number[]; receiptTimeoutMs?: number }
  ) {
    const events: string[] = []
    const seen = new Set<string>()
    const send = client.provider.send.bind(client.provider)
    client.provider.send = (method: string, params: unknown[] | Record<string, unknown>) => {
      if (method === 'eth_sendRawTransaction') {
        const raw = (params as string[])[0] ?? ''
        if (!seen.has(raw)) {
          seen.add(raw)
          events.push('send')
          if (options.drop?.includes(seen.size)) return Promise.resolve(null)
        }
      }
      return send(method, params) as Promise<unknown>
    }
    const validator = new TransactionValidator({
      store: f.store,
      client,
      log: silentLog,
      batchSize: 2,
      onOutcome: () => events.push('ack'),
      ...options
    })
    return { validator, events }
  }

  it('sends the next batches before the first receipt, with consecutive nonces, and ACKs in order', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const tids = Array.from({ length: 10 }, (_, i) => enter(f, client, 60 + i))
    const { validator, events } = traced(f, client, { pipelineDepth: 3 })
    expect(await validator.drain()).toBe(10)
    client.destroy()

    // Three batches out before the first ACK; then one more out per batch acknowledged.
    const [S, A] = ['send', 'ack']
    expect(events).toEqual([S, S, S, A, A, S, A, A, S, A, A, A, A, A, A])
    const batchIds = [...new Set(tids.map((tid) => f.store.records.get(tid).batchId ?? -1))]
    const nonces = batchIds.map((id) => f.store.records.batch(id).nonce)
    expect(nonces).toEqual([0, 1, 2, 3, 4])
    for (const tid of tids) expect(f.store.records.get(tid).state).toBe('anchored')
    expect(f.store.records.cloudBacklog()).toBe(10)
    const ledger = ledgerAt(f.deployment.address, f.provider)
    expect(await ledger.getFunction('batchCount')()).toBe(5n)
  })

  it('with a depth of 1, sends each batch only once the previous one is acknowledged', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    for (let i = 0; i < 6; i++) enter(f, client, 60 + i)
    const { validator, events } = traced(f, client, { pipelineDepth: 1 })
    expect(await validator.drain()).toBe(6)
    client.destroy()
    const [S, A] = ['send', 'ack']
    expect(events).toEqual([S, A, A, S, A, A, S, A, A])
  })

  it('after a crash with batches in flight, finishes each of them exactly once', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const tids = Array.from({ length: 10 }, (_, i) => enter(f, client, 60 + i))

    // A run that stored and sent three batches, then died writing the first ACKs.
    const crash = new Error('killed')
    const originalApply = f.store.records.applyAcks.bind(f.store.records)
    f.store.records.applyAcks = () => {
      throw crash
    }
    await expect(traced(f, client, { pipelineDepth: 3 }).validator.drain()).rejects.toBe(crash)
    f.store.records.applyAcks = originalApply
    expect(f.store.records.pendingBatches().map((b) => b.nonce)).toEqual([0, 1, 2])
    expect(f.store.records.countByState()).toMatchObject({ submitted: 6, queued: 4 })

    // The next run finishes the three in nonce order, then drains the rest.
    const next = traced(f, client, { pipelineDepth: 3 }).validator
    expect(await next.recover()).toBe(3)
    expect(await next.drain()).toBe(4)
    client.destroy()
    for (const tid of tids) expect(f.store.records.get(tid).state).toBe('anchored')
    expect(f.store.records.cloudBacklog()).toBe(10)
    // Five batches, each mined once: the account sent five transactions, the ledger holds five.
    expect(await f.provider.getTransactionCount(f.handshaker.address)).toBe(5)
    const ledger = ledgerAt(f.deployment.address, f.provider)
    expect(await ledger.getFunction('batchCount')()).toBe(5n)
  })

  it('sends a batch again once the batch before it is mined, if the node lost it meanwhile', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const tids = Array.from({ length: 6 }, (_, i) => enter(f, client, 60 + i))
    // The second batch goes out while the first is mined, and the node parks
    // it for good (as ganache 7 does at times; here it never reaches the node).
    // A re-send after the receipt timeout would take a minute.
    const { validator } = traced(f, client, {
      pipelineDepth: 3,
      drop: [2],
      receiptTimeoutMs: 60_000
    })
    const started = Date.now()
    expect(await validator.drain()).toBe(6)
    expect(Date.now() - started).toBeLessThan(30_000)
    client.destroy()
    for (const tid of tids) expect(f.store.records.get(tid).state).toBe('anchored')
    expect(await f.provider.getTransactionCount(f.handshaker.address)).toBe(3)
  })

  it('sends a lone batch again when no receipt comes within the timeout', async () => {
    const f = await ledgerFixture([{ username: 'ana', role: 'nurse' }])
    const client = await connect(f)
    const tid = enter(f, client, 60)
    const { validator } = traced(f, client, {
      pipelineDepth: 3,
      drop: [1],
      receiptTimeoutMs: 300
    })
    expect(await validator.drain()).toBe(1)
    client.destroy()
    expect(f.store.records.get(tid).state).toBe('anchored')
    expect(await f.provider.getTransactionCount(f.handshaker.address)).toBe(1)
  })
})
