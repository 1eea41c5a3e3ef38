import { describe, expect, it, vi } from 'vitest'
import type { MediblockBridge } from '../../../src/shared/ipc/bridge'
import { CHANNEL_NAMES } from '../../../src/shared/ipc/channels'
import { exposed, fakeElectron, rendererListeners } from '../../support/fake-electron'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

async function loadPreload(): Promise<MediblockBridge> {
  await import('../../../src/preload/index')
  const bridge = exposed.get('mediblock') as MediblockBridge | undefined
  if (!bridge) throw new Error('preload exposed nothing as mediblock')
  return bridge
}

describe('preload', () => {
  it('exposes only window.mediblock: one method per channel, and on()', async () => {
    const bridge = await loadPreload()
    expect([...exposed.keys()]).toEqual(['mediblock'])
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'on'])
    expect(Object.keys(bridge.channels).sort()).toEqual([...CHANNEL_NAMES].sort())
    for (const name of CHANNEL_NAMES) expect(typeof bridge.channels[name]).toBe('function')
    expect(Object.isFrozen(bridge)).toBe(true)
    expect(Object.isFrozen(bridge.channels)).toBe(true)
  })

  it('invokes exactly the named channel with the payload', async () => {
    const bridge = await loadPreload()
    await bridge.channels['app:info']({})
    expect(fakeElectron.ipcRenderer.invoke).toHaveBeenLastCalledWith('app:info', {})
  })

  it('subscribes to contract events only, and hands listeners the payload alone', async () => {
    const bridge = await loadPreload()
    const listener = vi.fn()
    const off = bridge.on('app:closing', listener)
    const [forward] = rendererListeners.get('app:closing') ?? []
    forward?.({ sender: 'ipc internals' }, { reason: 'quit' })
    expect(listener).toHaveBeenCalledWith({ reason: 'quit' })
    off()
    expect(rendererListeners.get('app:closing')?.size).toBe(0)
    expect(() => bridge.on('ipc:anything' as never, listener)).toThrow(/unknown event/)
  })
})
