// The bundled Ethereum node: ganache in a process of its own, because its
// EVM runs on the thread that hosts it and would freeze the main process.
// Runs under `child_process.fork` (Node) or `utilityProcess` (Electron).
import ganache from 'ganache'
import type { FromNode, ToNode } from './messages'

type Port = {
  /** Resolves once the message is handed to the parent (so exiting after it loses nothing). */
  post(message: FromNode): Promise<void>
  listen(listener: (message: ToNode) => void): void
}

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

/** Electron's utility processes get `process.parentPort`; forked Node children get `process.send`. */
function parentPort(): Port {
  const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (electronPort) {
    return {
      post: (message) => {
        electronPort.postMessage(message)
        return Promise.resolve()
      },
      listen: (listener) => electronPort.on('message', (event) => listener(event.data as ToNode))
    }
  }
  return {
    post: (message) =>
      new Promise<void>((resolve) => {
        if (process.send) process.send(message, undefined, {}, () => resolve())
        else resolve()
      }),
    listen: (listener) => process.on('message', (message) => listener(message as ToNode))
  }
}

const port = parentPort()
let server: ReturnType<typeof ganache.server> | undefined

async function start(message: Extract<ToNode, { type: 'start' }>): Promise<void> {
  // ganache 7.9's option typings collapse to `never` once several option
  // groups are combined; ganache validates the options itself at run time.
  server = ganache.server({
    chain: { chainId: message.chainId, hardfork: 'shanghai' },
    database: { dbPath: message.dbPath },
    // No pre-funded accounts: the core funds exactly its own.
    wallet: { totalAccounts: 0 },
    miner: { instamine: 'strict' },
    logging: { quiet: true }
  } as never)
  await server.listen(message.port, '127.0.0.1')
  const address = server.address() as { port: number }
  const provider = server.provider as {
    request(args: { method: string; params: unknown[] }): Promise<unknown>
  }
  const block = (await provider.request({ method: 'eth_blockNumber', params: [] })) as string
  await port.post({ type: 'ready', port: address.port, blockNumber: Number(block) })
}

async function stop(): Promise<void> {
  await server?.close()
  await port.post({ type: 'stopped' })
  process.exit(0)
}

/** Tells the parent why, then ends: a node that failed to start must not linger. */
function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error)
  void port.post({ type: 'error', message }).finally(() => process.exit(1))
}

port.listen((message) => {
  const run = message.type === 'start' ? start(message) : stop()
  run.catch(fail)
})

// ganache's database reports some failures (a LOCK still held by a node that
// is shutting down) as an 'error' event nobody can await: report them too.
process.on('uncaughtException', fail)

// Never outlive the app: a forked child learns it from the IPC channel.
process.on('disconnect', () => {
  void server?.close().finally(() => process.exit(0))
})
