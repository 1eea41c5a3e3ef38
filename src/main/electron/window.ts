import { BrowserWindow, type BrowserWindowConstructorOptions, type WebContents } from 'electron'
import { isFromOrigin } from './app-origin'

/**
 * The main window's options: everything Electron's security checklist asks
 * for, stated explicitly even where it is the default, so that a change of
 * default can never loosen it.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'MediBlock',
    backgroundColor: '#f8f9fa',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      enableBlinkFeatures: '',
      spellcheck: true,
      devTools: true
    }
  }
}

/**
 * Keeps a window on the app: navigation away from `origin` is cancelled, new
 * windows are denied, and `<webview>` cannot be attached.
 */
export function guardNavigation(contents: WebContents, origin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!isFromOrigin(url, origin)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isFromOrigin(url, origin)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Creates the main window, guarded, and loads `url` into it. */
export async function createMainWindow(
  preloadPath: string,
  url: string,
  origin: string
): Promise<BrowserWindow> {
  const window = new BrowserWindow(mainWindowOptions(preloadPath))
  guardNavigation(window.webContents, origin)
  window.once('ready-to-show', () => window.show())
  await window.loadURL(url)
  return window
}
