import { utilityProcess } from 'electron'
import type { Launcher } from '../chain/node/launcher'

/**
 * Electron's launcher for the core's helper processes (the bundled node):
 * a `utilityProcess`, Electron's supported way to run Node code off the main
 * process, instead of forking the Electron binary as Node.
 */
export const utilityLauncher: Launcher = (entry, name) => {
  const child = utilityProcess.fork(entry, [], {
    serviceName: `MediBlock ${name}`,
    stdio: 'ignore'
  })
  return {
    get pid() {
      return child.pid
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code) => listener(code)),
    kill: () => {
      child.kill()
    }
  }
}
