import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { electronSqliteBinding, nativeCacheDir } from '../../../src/main/electron/native'
import { appEvents, fakeApp, FakeBrowserWindow, ipcHandlers } from '../../support/fake-electron'
import { tempDir } from '../../support/temp-dir'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

describe('runElectron', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
    appEvents.removeAllListeners()
    ipcHandlers.clear()
    FakeBrowserWindow.instances.length = 0
  })

  it('quits at once when another instance holds the lock', async () => {
    const { runElectron } = await import('../../../src/main/electron/main')
    fakeApp.singleInstance = false
    fakeApp.quit.mockClear()
    runElectron()
    expect(fakeApp.quit).toHaveBeenCalled()
    expect(FakeBrowserWindow.instances).toHaveLength(0)
    fakeApp.singleInstance = true
  })

  it('starts the core in the data dir, wires IPC and opens one guarded window on app://', async () => {
    const dataDir = tempDir()
    vi.stubEnv('MEDIBLOCK_HOME', dataDir)
    const { runElectron } = await import('../../../src/main/electron/main')
    runElectron()
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1))
    const [window] = FakeBrowserWindow.instances
    expect(fakeApp.enableSandbox).toHaveBeenCalled()
    expect(fakeApp.paths.get('userData')).toBe(dataDir)
    expect(window?.loadedUrl).toBe('app://mediblock/index.html')
    expect((window?.options['webPreferences'] as { preload: string }).preload).toMatch(
      /preload[/\\]index\.js$/
    )
    expect(ipcHandlers.has('app:info')).toBe(true)
    const info = (await ipcHandlers.get('app:info')?.(
      {
        sender: window?.webContents,
        senderFrame: { url: 'app://mediblock/index.html', parent: null }
      },
      {}
    )) as { ok: boolean; value: { face: string; dataDir: string } }
    expect(info).toMatchObject({ ok: true, value: { face: 'electron', dataDir } })
    // Quitting closes the core first, then quits for real.
    const event = { preventDefault: vi.fn() }
    fakeApp.quit.mockClear()
    appEvents.emit('will-quit', event)
    expect(event.preventDefault).toHaveBeenCalled()
    await vi.waitFor(() => expect(fakeApp.quit).toHaveBeenCalled())
  })
})

describe('native modules for Electron', () => {
  it('uses the Electron build of better-sqlite3 when it has been made', () => {
    const root = tempDir()
    expect(electronSqliteBinding(root, '45.5.0', {})).toBeUndefined()
    const dir = nativeCacheDir(root, '45.5.0')
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, 'better_sqlite3.node'), '')
    expect(electronSqliteBinding(root, '45.5.0', {})).toBe(join(dir, 'better_sqlite3.node'))
    expect(
      electronSqliteBinding(root, '45.5.0', { MEDIBLOCK_ELECTRON_NATIVE_DIR: '/nowhere' })
    ).toBeUndefined()
  })
})
