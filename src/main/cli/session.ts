import type { Command } from 'commander'
import { login, type ClinicSession } from '../clinic/clinic-session'
import { createApp, type App } from '../core/create-app'
import { readPassword } from '../keys/password-input'
import { globalOptions, type CliContext } from './context'

/**
 * Runs a command body on the core for the data dir the command was given,
 * closing the core afterwards whatever happens.
 */
export async function withApp<T>(
  command: Command,
  context: CliContext,
  body: (app: App, options: { json: boolean }) => Promise<T>
): Promise<T> {
  const { dataDir, json } = globalOptions(command, context.io)
  const app = await createApp({ dataDir, face: 'cli', logSync: true })
  try {
    return await body(app, { json })
  } finally {
    await app.close('cli exit')
  }
}

/**
 * Logs `username` in with the password from `MEDIBLOCK_PASSWORD`, or a
 * prompt on a terminal; never from the command line.
 */
export async function loginAs(app: App, username: string): Promise<ClinicSession> {
  const password = await readPassword({ prompt: `Password for ${username}: ` })
  return login(app, username, password)
}
