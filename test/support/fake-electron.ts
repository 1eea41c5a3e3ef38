// A stand-in for the `electron` module, used only by the tests of the
// Electron boundary (src/main/electron, src/preload). It records what the
// code under test asks of Electron so the tests can check it.
import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

type Handler = (...args: unknown[]) => unknown

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  destroyed = false
  readonly sent: [string, unknown][] = []
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }
  isDestroyed() {
    return this.destroyed
  }
  destroy() {
    this.destroyed = true
    this.emit('destroyed')
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  static getAllWindows() {
    return FakeBrowserWindow.instances
  }
  readonly webContents = new FakeWebContents()
  loadedUrl: string | null = null
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
  }
  loadURL(url: string) {
    this.loadedUrl = url
    return Promise.resolve()
  }
  show() {}
  isMinimized() {
    return false
  }
  restore() {}
  focus() {}
}

export class FakeUtilityProcess extends EventEmitter {
  static forks: { entry: string; options: Record<string, unknown>; child: FakeUtilityProcess }[] =
    []
  static fork(entry: string, _args: string[], options: Record<string, unknown>) {
    const child = new FakeUtilityProcess()
    FakeUtilityProcess.forks.push({ entry, options, child })
    return child
  }
  readonly pid = 4242
  readonly posted: unknown[] = []
  killed = false
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  kill() {
    this.killed = true
    this.emit('exit', 9)
    return true
  }
}

export const ipcHandlers = new Map<string, Handler>()
export const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>()
export const headerHooks: Handler[] = []
export const permissionHandlers: { request?: Handler; check?: Handler } = {}
export const exposed = new Map<string, unknown>()
export const rendererListeners = new Map<string, Set<Handler>>()
export const appEvents = new EventEmitter()

export const fakeSession = {
  protocol: {
    handle: vi.fn((scheme: string, handler: (request: Request) => Promise<Response>) => {
      protocolHandlers.set(scheme, handler)
    })
  },
  webRequest: { onHeadersReceived: vi.fn((hook: Handler) => headerHooks.push(hook)) },
  setPermissionRequestHandler: vi.fn((handler: Handler) => (permissionHandlers.request = handler)),
  setPermissionCheckHandler: vi.fn((handler: Handler) => (permissionHandlers.check = handler))
}

export const fakeApp = {
  isPackaged: true,
  singleInstance: true,
  paths: new Map<string, string>(),
  requestSingleInstanceLock: vi.fn(() => fakeApp.singleInstance),
  enableSandbox: vi.fn(),
  whenReady: vi.fn(() => Promise.resolve()),
  setPath: vi.fn((name: string, path: string) => fakeApp.paths.set(name, path)),
  getAppPath: vi.fn(() => process.cwd()),
  on: vi.fn((event: string, listener: Handler) => appEvents.on(event, listener)),
  quit: vi.fn(),
  exit: vi.fn()
}

export const fakeElectron = {
  app: fakeApp,
  BrowserWindow: FakeBrowserWindow,
  dialog: { showErrorBox: vi.fn() },
  session: { defaultSession: fakeSession },
  protocol: { registerSchemesAsPrivileged: vi.fn() },
  utilityProcess: FakeUtilityProcess,
  ipcMain: {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`)
      ipcHandlers.set(channel, handler)
    }),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel))
  },
  contextBridge: {
    exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api))
  },
  ipcRenderer: {
    invoke: vi.fn((channel: string, payload: unknown) =>
      Promise.resolve({ ok: true, value: { channel, payload } })
    ),
    on: vi.fn((channel: string, listener: Handler) => {
      let set = rendererListeners.get(channel)
      if (!set) rendererListeners.set(channel, (set = new Set()))
      set.add(listener)
    }),
    removeListener: vi.fn((channel: string, listener: Handler) => {
      rendererListeners.get(channel)?.delete(listener)
    })
  }
}
