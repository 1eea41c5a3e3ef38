import { describe, expect, it, vi } from 'vitest'
import { APP_ORIGIN, isFromOrigin, rendererOrigin } from '../../../src/main/electron/app-origin'
import {
  createMainWindow,
  guardNavigation,
  mainWindowOptions
} from '../../../src/main/electron/window'
import { FakeWebContents, type FakeBrowserWindow } from '../../support/fake-electron'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

function navigate(contents: FakeWebContents, event: string, url: string): boolean {
  let prevented = false
  contents.emit(event, { preventDefault: () => (prevented = true) }, url)
  return prevented
}

describe('main window', () => {
  it('isolates the renderer: context isolation, sandbox, no Node, no webview', () => {
    const prefs = mainWindowOptions('/app/out/preload/index.js').webPreferences
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false
    })
  })

  it('creates the window with those options, guarded, on the app URL', async () => {
    const window = (await createMainWindow(
      '/p.js',
      `${APP_ORIGIN}/index.html`,
      APP_ORIGIN
    )) as unknown as FakeBrowserWindow
    expect(window.options).toEqual(mainWindowOptions('/p.js'))
    expect(window.loadedUrl).toBe('app://mediblock/index.html')
    expect(window.webContents.windowOpenHandler).not.toBeNull()
    expect(navigate(window.webContents, 'will-navigate', 'https://evil.example/')).toBe(true)
  })
})

describe('navigation guard', () => {
  it('cancels navigation and redirects to anything but the app origin', () => {
    const contents = new FakeWebContents()
    guardNavigation(contents as never, APP_ORIGIN)
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'app://mediblock.evil.example/index.html',
      'app://mediblockx/index.html',
      'http://mediblock/index.html',
      'javascript:alert(1)',
      'not a url'
    ]) {
      expect(navigate(contents, 'will-navigate', url), url).toBe(true)
      expect(navigate(contents, 'will-redirect', url), url).toBe(true)
    }
    expect(navigate(contents, 'will-navigate', 'app://mediblock/index.html#/patients')).toBe(false)
  })

  it('denies every new window and every webview', () => {
    const contents = new FakeWebContents()
    guardNavigation(contents as never, APP_ORIGIN)
    for (const url of ['https://example.org/', 'app://mediblock/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' })
    }
    expect(navigate(contents, 'will-attach-webview', 'app://mediblock/')).toBe(true)
  })
})

describe('renderer origin', () => {
  it('is the app scheme when built or packaged, the dev server only in development', () => {
    expect(rendererOrigin(undefined, false)).toBe(APP_ORIGIN)
    expect(rendererOrigin('http://localhost:5173/', true)).toBe(APP_ORIGIN)
    expect(rendererOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173')
  })

  it('matches whole origins only', () => {
    expect(isFromOrigin('app://mediblock/index.html', APP_ORIGIN)).toBe(true)
    expect(isFromOrigin('app://mediblock.evil/index.html', APP_ORIGIN)).toBe(false)
    expect(isFromOrigin('app://mediblock:8080/', APP_ORIGIN)).toBe(false)
    expect(isFromOrigin(undefined, APP_ORIGIN)).toBe(false)
    expect(isFromOrigin('::', APP_ORIGIN)).toBe(false)
  })
})
