import { join } from 'node:path'
import { BrowserWindow, app as electronApp, dialog, session as electronSession } from 'electron'
import { resolveDataDir } from '../config/data-dir'
import { createApp, type App } from '../core/create-app'
import { createRouter } from '../ipc/router'
import { APP_ORIGIN, rendererOrigin } from './app-origin'
import { forwardEvents, registerIpc } from './ipc'
import { electronSqliteBinding } from './native'
import { denyPermissions, enforceCsp, registerAppScheme, serveRenderer } from './protocol'
import { utilityLauncher } from './utility-launcher'
import { createMainWindow } from './window'

/** Reads `--data-dir DIR` from Electron's argv, like the CLI's global flag. */
function dataDirArgument(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--data-dir')
  return index >= 0 ? argv[index + 1] : undefined
}

/**
 * The desktop face: one window on the core. Everything it does beyond
 * creating the window and wiring IPC lives in the core.
 */
export function runElectron(): void {
  // Two instances on one data dir would race for the local store.
  if (!electronApp.requestSingleInstanceLock()) {
    electronApp.quit()
    return
  }
  registerAppScheme()
  electronApp.enableSandbox()

  let core: App | undefined
  const devServerUrl = process.env['ELECTRON_RENDERER_URL']
  const origin = rendererOrigin(devServerUrl, electronApp.isPackaged)

  electronApp
    .whenReady()
    .then(async () => {
      const dataDir = resolveDataDir(dataDirArgument(process.argv))
      electronApp.setPath('userData', dataDir)
      const sqliteBinding = electronApp.isPackaged
        ? undefined
        : electronSqliteBinding(electronApp.getAppPath(), process.versions.electron)
      core = await createApp({
        dataDir,
        face: 'electron',
        electronVersion: process.versions.electron,
        launcher: utilityLauncher,
        ...(sqliteBinding ? { sqliteBinding } : {})
      })
      const rendererDir = join(__dirname, '..', 'renderer')
      const session = electronSession.defaultSession
      denyPermissions(session)
      serveRenderer(session, rendererDir)
      const dev = origin !== APP_ORIGIN
      enforceCsp(session, dev ? { connectSrc: [origin.replace(/^http/, 'ws')] } : null)
      registerIpc(core, createRouter(core), origin)
      const url = dev && devServerUrl ? devServerUrl : `${APP_ORIGIN}/index.html`
      const window = await createMainWindow(
        join(__dirname, '..', 'preload', 'index.js'),
        url,
        origin
      )
      forwardEvents(core, window.webContents)
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('MediBlock could not start', (error as Error).message)
      electronApp.exit(2)
    })

  electronApp.on('second-instance', () => {
    // Focus the existing window instead of opening a second core.
    const [window] = BrowserWindow.getAllWindows()
    if (window) {
      if (window.isMinimized()) window.restore()
      window.focus()
    }
  })
  electronApp.on('window-all-closed', () => electronApp.quit())
  electronApp.on('will-quit', (event) => {
    if (!core) return
    const closing = core
    core = undefined
    event.preventDefault()
    void closing.close('quit').finally(() => electronApp.quit())
  })
}
