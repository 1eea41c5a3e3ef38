import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZeroHash, id, type EventLog } from 'ethers'
import { sendLedgerTx } from '../../src/main/chain/ledger-artifact'
import { startLedger, type LedgerFixture } from '../fixtures/ledger'

let f: LedgerFixture
beforeAll(async () => {
  f = await startLedger([])
})
afterAll(async () => f.stop())

describe('anchoring a security log head', () => {
  it('emits LogAnchored naming the handshaker, the entry count and the head', async () => {
    const head = id('entry 42')
    const receipt = await sendLedgerTx(f.asHandshaker, 'anchorLog', 42, head)
    const events = receipt.logs.map((l) => f.ledger.interface.parseLog(l))
    expect(events.map((e) => e?.name)).toEqual(['LogAnchored'])
    const by = await f.handshaker.getAddress()
    expect(events[0]?.args.toObject()).toEqual({ by, entries: 42n, head })
    // A verifier finds it by the handshaker's address (indexed), from the chain alone.
    const filter = f.ledger.filters['LogAnchored']?.(by)
    if (!filter) throw new Error('no LogAnchored filter')
    const found = (await f.ledger.queryFilter(filter)) as EventLog[]
    // `entries` is also Array's method on an ethers Result: read it by position or toObject().
    expect(found.map((e) => e.args.toObject())).toEqual([{ by, entries: 42n, head }])
    const other = f.ledger.filters['LogAnchored']?.(await f.outsider.getAddress())
    if (!other) throw new Error('no LogAnchored filter')
    expect(await f.ledger.queryFilter(other)).toEqual([])
  })

  it('stores nothing: an anchor costs about an event', async () => {
    const receipt = await sendLedgerTx(f.asHandshaker, 'anchorLog', 7, id('seven'))
    // 21,000 base, calldata, dispatch, role check (a cold SLOAD) and a LOG2 with 96 bytes.
    expect(Number(receipt.gasUsed)).toBeLessThan(30_000)
    expect(await f.ledger.getFunction('batchCount')()).toBe(0n)
  })

  it('lets only handshakers anchor', async () => {
    await expect(f.ledger.getFunction('anchorLog')(1, id('x'))).rejects.toThrow(
      /AccessControlUnauthorizedAccount|revert/
    )
    const asOutsider = f.ledger.connect(f.outsider) as typeof f.ledger
    await expect(asOutsider.getFunction('anchorLog')(1, id('x'))).rejects.toThrow(
      /AccessControlUnauthorizedAccount|revert/
    )
  })

  it('refuses an empty log or a zero head with a custom error', async () => {
    for (const [entries, head] of [
      [0, id('x')],
      [3, ZeroHash]
    ] as const) {
      const error = await f.asHandshaker
        .getFunction('anchorLog')
        .staticCall(entries, head)
        .then(
          () => null,
          (e: unknown) => e as { data?: string }
        )
      expect(error?.data && f.ledger.interface.parseError(error.data)?.name).toBe('InvalidLogHead')
    }
  })
})
