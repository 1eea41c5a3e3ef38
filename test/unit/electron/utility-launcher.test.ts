import { describe, expect, it, vi } from 'vitest'
import { utilityLauncher } from '../../../src/main/electron/utility-launcher'
import { FakeUtilityProcess } from '../../support/fake-electron'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

describe('utility-process launcher', () => {
  it('runs the entry in an Electron utility process and relays messages and exit', () => {
    const handle = utilityLauncher('/app/out/main/ganache-node.js', 'ledger')
    const fork = FakeUtilityProcess.forks.at(-1)
    expect(fork?.entry).toBe('/app/out/main/ganache-node.js')
    expect(fork?.options).toMatchObject({ serviceName: 'MediBlock ledger' })
    expect(handle.pid).toBe(4242)
    handle.send({ type: 'stop' })
    expect(fork?.child.posted).toEqual([{ type: 'stop' }])
    const messages: unknown[] = []
    handle.onMessage((m) => messages.push(m))
    fork?.child.emit('message', { type: 'ready', port: 1, blockNumber: 0 })
    expect(messages).toEqual([{ type: 'ready', port: 1, blockNumber: 0 }])
    const exits: (number | null)[] = []
    handle.onExit((code) => exits.push(code))
    handle.kill()
    expect(fork?.child.killed).toBe(true)
    expect(exits).toEqual([9])
  })
})
