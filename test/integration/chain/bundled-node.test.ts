import { join, resolve } from 'node:path'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { BUNDLED_CHAIN_ID, BundledNode } from '../../../src/main/chain/node/bundled-node'
import { ROOT } from '../../support/cli'
import { jsonRpc } from '../../support/json-rpc'
import { tempDir } from '../../support/temp-dir'

const entry = resolve(ROOT, 'out/main/ganache-node.js')
const log = pino({ level: 'silent' })
const ADDRESS = '0x00000000000000000000000000000000000000aa'

describe('bundled node', () => {
  it('runs ganache in its own process on loopback, with the fixed chain id', async () => {
    const chainDir = join(tempDir(), 'chain')
    const node = await BundledNode.start({ chainDir, log, entry })
    try {
      expect(node.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(Number(await jsonRpc<string>(node.url, 'eth_chainId'))).toBe(BUNDLED_CHAIN_ID)
      expect(await jsonRpc<string>(node.url, 'web3_clientVersion')).toMatch(/Ganache/)
      expect(node.pid).toBeGreaterThan(0)
      expect(node.pid).not.toBe(process.pid)
    } finally {
      await node.stop()
    }
    expect(await node.exited).toBe(0)
  })

  it('keeps its chain in the data dir across restarts', async () => {
    const chainDir = join(tempDir(), 'chain')
    const first = await BundledNode.start({ chainDir, log, entry })
    await jsonRpc(first.url, 'evm_setAccountBalance', [ADDRESS, '0x1234'])
    await jsonRpc(first.url, 'evm_mine')
    const block = await jsonRpc<string>(first.url, 'eth_blockNumber')
    await first.stop()
    const second = await BundledNode.start({ chainDir, log, entry })
    try {
      expect(await jsonRpc<string>(second.url, 'eth_getBalance', [ADDRESS, 'latest'])).toBe(
        '0x1234'
      )
      expect(await jsonRpc<string>(second.url, 'eth_blockNumber')).toBe(block)
    } finally {
      await second.stop()
    }
  })

  it('reports a crash, and starts again on the same data after one', async () => {
    const chainDir = join(tempDir(), 'chain')
    const node = await BundledNode.start({ chainDir, log, entry })
    await jsonRpc(node.url, 'evm_setAccountBalance', [ADDRESS, '0x99'])
    await jsonRpc(node.url, 'evm_mine')
    node.kill()
    expect(await node.exited).not.toBe(0)
    await expect(jsonRpc(node.url, 'eth_chainId')).rejects.toThrow()
    const again = await BundledNode.start({ chainDir, log, entry })
    try {
      expect(Number(await jsonRpc<string>(again.url, 'eth_chainId'))).toBe(BUNDLED_CHAIN_ID)
      expect(await jsonRpc<string>(again.url, 'eth_getBalance', [ADDRESS, 'latest'])).toBe('0x99')
    } finally {
      await again.stop()
    }
  })

  it('waits for a previous node to let go of the database, then gives up with a coded error', async () => {
    const chainDir = join(tempDir(), 'chain')
    const holder = await BundledNode.start({ chainDir, log, entry })
    const started = Date.now()
    try {
      // The first node holds the database lock for the whole wait.
      await expect(BundledNode.start({ chainDir, log, entry })).rejects.toMatchObject({
        code: 'UNAVAILABLE'
      })
      expect(Date.now() - started).toBeGreaterThanOrEqual(9_000)
    } finally {
      await holder.stop()
    }
    // Once it is gone, the next start succeeds.
    const next = await BundledNode.start({ chainDir, log, entry })
    await next.stop()
  })
})
