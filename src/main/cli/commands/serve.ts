import { spawn } from 'node:child_process'
import { InvalidArgumentError, type Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { startBrowserMode } from '../../server/browser-mode'
import { globalOptions, print, type CliContext, type CliIo } from '../context'
import { EXIT } from '../exit-codes'

function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.')
  }
  return port
}

/** Opens `url` in the desktop's browser; says so plainly if it cannot. */
function openInBrowser(url: string, io: CliIo): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]]
  const child = spawn(command, args, { detached: true, stdio: 'ignore' })
  child.on('error', () => io.stderr('mediblock: could not open a browser; open the URL above\n'))
  child.unref()
}

function untilSignalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

/** `mediblock serve`: browser mode, the same core and renderer over loopback HTTP. */
export function serveCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the app in browser mode on 127.0.0.1 and print its URL')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parsePort, 0)
    .option('--open', 'open the URL in the default browser')
    .action(async (options: { port: number; open?: boolean }, command: Command) => {
      const { io } = context
      const { dataDir, json } = globalOptions(command, io)
      let mode
      try {
        mode = await startBrowserMode({ dataDir, port: options.port })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw makeError(`port ${options.port} is already in use`, 'UNAVAILABLE')
        }
        throw error
      }
      const { url, port } = mode.server
      print(io, json, { url, port, dataDir }, () =>
        [
          `MediBlock is running in browser mode (data dir ${dataDir}).`,
          `Open ${url}`,
          'Press Ctrl+C to stop.'
        ].join('\n')
      )
      if (options.open) openInBrowser(url, io)
      const signal = await untilSignalled()
      await mode.stop(`received ${signal}`)
      context.exitCode = EXIT.OK
    })
}
