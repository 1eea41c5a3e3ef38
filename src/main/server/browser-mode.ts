import { join } from 'node:path'
import { createApp, type App } from '../core/create-app'
import { createRouter } from '../ipc/router'
import { startServer, type RunningServer } from './http-server'

export interface BrowserModeOptions {
  readonly dataDir: string
  readonly port?: number
  /** Built renderer; defaults to the one beside this bundle. */
  readonly rendererDir?: string
  readonly token?: string
}

export interface BrowserMode {
  readonly app: App
  readonly server: RunningServer
  /** Tells open pages, closes the core, then the server. Idempotent. */
  stop(reason?: string): Promise<void>
}

/**
 * The renderer build next to the main bundle: `out/main/cli.js` serves
 * `out/renderer`. `MEDIBLOCK_RENDERER_DIR` overrides it.
 */
export function defaultRendererDir(): string {
  return process.env['MEDIBLOCK_RENDERER_DIR'] ?? join(__dirname, '..', 'renderer')
}

/** Starts the core and serves it to a browser on 127.0.0.1. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const app = await createApp({ dataDir: options.dataDir, face: 'browser' })
  let server: RunningServer
  try {
    server = await startServer({
      app,
      router: createRouter(app),
      rendererDir: options.rendererDir ?? defaultRendererDir(),
      ...(options.port === undefined ? {} : { port: options.port }),
      ...(options.token === undefined ? {} : { token: options.token })
    })
  } catch (error) {
    await app.close('server failed to start')
    throw error
  }
  let stopping: Promise<void> | undefined
  return {
    app,
    server,
    stop(reason = 'stopped') {
      // The core goes first so open pages hear `app:closing` before the
      // event stream ends.
      stopping ??= app.close(reason).then(() => server.close())
      return stopping
    }
  }
}
