import { fork } from 'node:child_process'

/** A child process the core talks to by messages. */
export interface ChildHandle {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  /** Called once, when the child has exited for any reason. */
  onExit(listener: (code: number | null) => void): void
  kill(): void
  readonly pid: number | undefined
}

/**
 * Starts a script in its own process. Under Node that is `child_process.fork`;
 * the Electron face supplies one built on `utilityProcess`, so that the
 * Electron main process never runs the EVM itself.
 */
export type Launcher = (entry: string, name: string) => ChildHandle

/** The Node launcher: `fork` with structured-clone messages, output to the log only. */
export const forkLauncher: Launcher = (entry) => {
  const child = fork(entry, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    // The child is ours alone; never inherit inspector flags or loaders.
    execArgv: []
  })
  // Drain stderr so a chatty child can never block on a full pipe.
  child.stderr?.resume()
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message as object)
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => child.kill('SIGKILL')
  }
}
