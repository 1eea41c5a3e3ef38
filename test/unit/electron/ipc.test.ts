import { afterEach, describe, expect, it, vi } from 'vitest'
import { CHANNEL_NAMES } from '../../../src/shared/ipc/channels'
import { APP_ORIGIN } from '../../../src/main/electron/app-origin'
import { forwardEvents, registerIpc } from '../../../src/main/electron/ipc'
import type { ClinicSession } from '../../../src/main/clinic/clinic-session'
import type { Session } from '../../../src/main/core/session'
import type { Router } from '../../../src/main/ipc/router'
import { FakeWebContents, ipcHandlers } from '../../support/fake-electron'
import { testApp } from '../../support/test-app'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

type Invoke = (event: unknown, payload: unknown) => Promise<unknown>

function invoke(channel: string, sender: FakeWebContents, frame: unknown, payload: unknown = {}) {
  const handler = ipcHandlers.get(channel) as Invoke | undefined
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler({ sender, senderFrame: frame }, payload)
}

const topFrame = (url: string) => ({ url, parent: null })

describe('IPC handlers', () => {
  let unregister: (() => void) | undefined
  afterEach(() => unregister?.())

  it('handles exactly the contract channels', async () => {
    const app = await testApp({ face: 'electron' })
    unregister = registerIpc(app, vi.fn<Router>(), APP_ORIGIN)
    expect([...ipcHandlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('routes calls from the app top frame, one session per window', async () => {
    const app = await testApp({ face: 'electron' })
    const router = vi.fn<Router>(async (session) => ({ ok: true, value: session.id }))
    unregister = registerIpc(app, router, APP_ORIGIN)
    const one = new FakeWebContents()
    const two = new FakeWebContents()
    const a = await invoke('app:info', one, topFrame('app://mediblock/index.html'))
    const b = await invoke('session:get', one, topFrame('app://mediblock/index.html'))
    const c = await invoke('app:info', two, topFrame('app://mediblock/index.html'))
    expect(router).toHaveBeenCalledTimes(3)
    expect(router.mock.calls[0]?.[1]).toBe('app:info')
    expect(router.mock.calls[0]?.[2]).toEqual({})
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
    one.destroy()
    const d = await invoke('app:info', one, topFrame('app://mediblock/index.html'))
    expect(d).not.toEqual(a)
  })

  it("logs a closed window's user out, so the core forgets their key", async () => {
    const app = await testApp({ face: 'electron' })
    let seen: Session | undefined
    unregister = registerIpc(
      app,
      vi.fn<Router>(async (session) => {
        seen = session
        session.user = { username: 'nina', displayName: 'Nina', role: 'nurse' }
        session.clinic = { user: { username: 'nina' } } as unknown as ClinicSession
        return { ok: true, value: null }
      }),
      APP_ORIGIN
    )
    const window = new FakeWebContents()
    await invoke('session:login', window, topFrame('app://mediblock/index.html'))
    window.destroy()
    await vi.waitFor(() => expect(seen?.clinic).toBeNull())
    expect(seen?.user).toBeNull()
    expect(app.store.auditLog.recent(1)[0]).toMatchObject({
      actor: 'nina',
      action: 'logout',
      detail: { why: 'window closed' }
    })
  })

  it('refuses foreign frames, subframes and frames that are gone, without calling the core', async () => {
    const app = await testApp({ face: 'electron' })
    const router = vi.fn<Router>()
    unregister = registerIpc(app, router, APP_ORIGIN)
    const sender = new FakeWebContents()
    const refused = {
      ok: false,
      error: { code: 'FORBIDDEN', message: 'request from an untrusted frame' }
    }
    expect(await invoke('app:info', sender, topFrame('https://evil.example/'))).toEqual(refused)
    expect(await invoke('app:info', sender, topFrame('app://mediblock.evil/'))).toEqual(refused)
    expect(
      await invoke('app:info', sender, { url: 'app://mediblock/frame.html', parent: {} })
    ).toEqual(refused)
    expect(await invoke('app:info', sender, null)).toEqual(refused)
    expect(router).not.toHaveBeenCalled()
  })

  it('removes its handlers when unregistered', async () => {
    const app = await testApp({ face: 'electron' })
    registerIpc(app, vi.fn<Router>(), APP_ORIGIN)()
    expect(ipcHandlers.size).toBe(0)
  })
})

describe('event forwarding', () => {
  it('sends core events to the window until it is destroyed', async () => {
    const app = await testApp({ face: 'electron' })
    const contents = new FakeWebContents()
    forwardEvents(app, contents as never)
    app.events.emit('session:changed', { user: null, locked: true })
    expect(contents.sent).toEqual([['session:changed', { user: null, locked: true }]])
    contents.destroy()
    expect(app.events.size).toBe(0)
  })
})
