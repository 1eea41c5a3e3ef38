import { InvalidArgumentError, Option, type Command } from 'commander'
import { makeError } from '../../../shared/errors'
import { CloudEngine, type CloudSettings } from '../../../shared/ipc/schemas'
import { WorkstationKeys } from '../../clinic/workstation-keys'
import { migrateCloud, setCloud, testCloud } from '../../cloud/cloud-admin'
import { credentialFor } from '../../cloud/cloud-credentials'
import type { App } from '../../core/create-app'
import { readPassword } from '../../keys/password-input'
import type { SecretStore } from '../../keys/secret-store'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** The environment variable `cloud set` reads the database password or AWS secret key from. */
export const CLOUD_PASSWORD_ENV = 'MEDIBLOCK_CLOUD_PASSWORD'

interface SetOptions {
  engine: CloudEngine
  as: string
  host?: string
  port?: number
  database?: string
  user?: string
  tls?: 'verify' | 'no-verify' | 'off'
  tlsCa?: string
  resourceArn?: string
  secretArn?: string
  region?: string
  endpoint?: string
  accessKeyId?: string
  password: boolean
}

const SERVER_FLAGS = ['host', 'port', 'database', 'user', 'tls', 'tlsCa'] as const
const DATA_API_FLAGS = [
  'resourceArn',
  'secretArn',
  'database',
  'region',
  'endpoint',
  'accessKeyId'
] as const
const FLAG_NAMES: Readonly<Record<string, string>> = {
  tlsCa: '--tls-ca',
  resourceArn: '--resource-arn',
  secretArn: '--secret-arn',
  accessKeyId: '--access-key-id'
}
const flag = (key: string) => FLAG_NAMES[key] ?? `--${key}`

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError('a port is 1 to 65535.')
  }
  return port
}

/** The settings the flags describe; flags that do not apply to the engine are refused. */
export function settingsFromFlags(options: SetOptions): CloudSettings {
  const allowed: readonly string[] =
    options.engine === 'sqlite' ? [] : options.engine === 'data-api' ? DATA_API_FLAGS : SERVER_FLAGS
  const given = [...new Set([...SERVER_FLAGS, ...DATA_API_FLAGS])].filter(
    (key) => options[key] !== undefined
  )
  const stray = given.find((key) => !allowed.includes(key))
  if (stray) {
    throw makeError(
      `${flag(stray)} does not apply to the ${options.engine} engine`,
      'INVALID_ARGUMENT'
    )
  }
  if (options.tlsCa && options.tls && options.tls !== 'verify') {
    throw makeError('--tls-ca goes with --tls verify', 'INVALID_ARGUMENT')
  }
  const pick = (keys: readonly (keyof SetOptions)[]) =>
    Object.fromEntries(keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]))
  switch (options.engine) {
    case 'sqlite':
      return { engine: 'sqlite' }
    case 'postgres':
    case 'mysql':
      return {
        engine: options.engine,
        ...pick(['host', 'port', 'database', 'user']),
        ...(options.tls || options.tlsCa
          ? {
              tls: {
                mode: options.tls ?? 'verify',
                ...(options.tlsCa ? { caFile: options.tlsCa } : {})
              }
            }
          : {})
      }
    case 'data-api':
      return { engine: 'data-api', ...pick(DATA_API_FLAGS) }
  }
}

/**
 * The password or secret key the settings need: from
 * `$MEDIBLOCK_CLOUD_PASSWORD`, else asked on the terminal; never from argv.
 */
async function readCloudSecret(
  context: CliContext,
  settings: CloudSettings,
  wanted: boolean
): Promise<string | undefined> {
  const field = credentialFor(settings)
  if (field === null || !wanted) return undefined
  const fromEnv = context.io.env[CLOUD_PASSWORD_ENV]
  const what =
    field === 'password'
      ? `the password of the cloud database user`
      : 'the AWS secret access key of the access key'
  if (!fromEnv && !(process.stdin.isTTY && process.stderr.isTTY)) {
    throw makeError(
      `${what} is needed: set ${CLOUD_PASSWORD_ENV}, or run this command in a terminal to be asked`,
      'UNAUTHENTICATED'
    )
  }
  return readPassword({
    env: { MEDIBLOCK_PASSWORD: fromEnv },
    prompt: field === 'password' ? 'Cloud database password: ' : 'AWS secret access key: '
  })
}

/**
 * The secret store with the cloud credential in it: the logged-in user's
 * (which unlocks a vault), else the keychain, which needs no login.
 */
async function cloudSecrets(app: App, as: string | undefined): Promise<SecretStore | undefined> {
  if (credentialFor(app.store.getConfig('cloud')) === null) return undefined
  if (as) return (await loginAs(app, as)).keys.secrets.store
  const keys = await WorkstationKeys.open(app.paths, app.config.keytarBinding)
  if (keys.secrets.kind === 'vault') {
    throw makeError(
      "the cloud password is in this workstation's vault: give --as USERNAME to unlock it",
      'UNAUTHENTICATED'
    )
  }
  return keys.secrets.store
}

/** `mediblock cloud set|test|migrate`: the cloud database this workstation syncs with. */
export function cloudCommand(program: Command, context: CliContext): void {
  const cloud = program
    .command('cloud')
    .description('the cloud database records sync to: set it, test it, migrate its schema')
  cloud
    .command('set')
    .description('choose the cloud database and how to reach it (admins only)')
    .addOption(
      new Option('--engine <engine>', 'the database engine')
        .choices(CloudEngine.options)
        .makeOptionMandatory()
    )
    .requiredOption('--as <admin>', 'the admin doing it')
    .option('--host <host>', 'postgres, mysql: the server')
    .option('--port <port>', 'postgres, mysql: the port (5432, 3306)', parsePort)
    .option('--database <name>', 'postgres, mysql, data-api: the database (mediblock)')
    .option('--user <user>', 'postgres, mysql: the database user (mediblock)')
    .addOption(
      new Option('--tls <mode>', 'postgres, mysql: TLS (verify)').choices([
        'verify',
        'no-verify',
        'off'
      ])
    )
    .option(
      '--tls-ca <file>',
      "postgres, mysql: PEM file of the CA that signed the server's certificate"
    )
    .option('--resource-arn <arn>', 'data-api: the Aurora cluster ARN')
    .option('--secret-arn <arn>', 'data-api: the Secrets Manager secret of the database user')
    .option('--region <region>', 'data-api: the AWS region')
    .option('--endpoint <url>', "data-api: an endpoint instead of the region's")
    .option(
      '--access-key-id <id>',
      "data-api: an AWS access key (its secret key is asked for); the AWS SDK's default credentials otherwise"
    )
    .option('--no-password', 'postgres, mysql: the database user has no password')
    .addHelpText(
      'after',
      `\nThe admin's password comes from MEDIBLOCK_PASSWORD; the cloud database password (or\nthe AWS secret access key) from ${CLOUD_PASSWORD_ENV}; either is asked for on a terminal\nwhen unset. Passwords go to the OS keychain or the vault, never to the config.\nThe sqlite engine is the embedded stand-in for a real cloud database.`
    )
    .action(async (options: SetOptions, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const settings = settingsFromFlags(options)
        const admin = await loginAs(app, options.as)
        const secret = await readCloudSecret(context, settings, options.password)
        const summary = await setCloud(app, admin, settings, secret)
        const result = {
          engine: settings.engine,
          ...summary,
          secretStore: secret === undefined ? null : admin.keys.secrets.kind
        }
        print(context.io, json, result, () =>
          [
            `Cloud database set: ${summary.where}, ${summary.details}.`,
            ...(secret === undefined
              ? []
              : [
                  `The ${credentialFor(settings) === 'password' ? 'password' : 'secret key'} is in the ${admin.keys.secrets.kind === 'vault' ? 'encrypted vault' : 'OS keychain'}.`
                ]),
            settings.engine === 'sqlite'
              ? 'Check it with: mediblock cloud test'
              : `Check it with: mediblock cloud test; create its schema with: mediblock cloud migrate --as ${options.as}`
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
  cloud
    .command('test')
    .description('connect to the cloud database and check its schema; exit 2 saying what is wrong')
    .option('--as <username>', 'who unlocks the vault, where the cloud password is in one')
    .action(async (options: { as?: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const report = await testCloud(app, await cloudSecrets(app, options.as))
        print(context.io, json, { ok: true, ...report }, () =>
          [
            `Cloud database: ${report.where} (${report.serverVersion}), ${report.details}.`,
            `Schema: version ${report.schema.current} (this MediBlock needs ${report.schema.required}).`,
            `Records: ${report.records} accepted, ${report.rejected} rejected.`,
            ...(report.embedded
              ? [
                  'Note: the embedded SQLite file is a stand-in for a real cloud database; ' +
                    'choose one with mediblock cloud set.'
                ]
              : [])
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
  cloud
    .command('migrate')
    .description(
      'create or update the cloud schema to the version this MediBlock needs (admins only)'
    )
    .requiredOption('--as <admin>', 'the admin doing it')
    .action(async (options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const report = await migrateCloud(app, await loginAs(app, options.as))
        print(context.io, json, report, () =>
          report.from === report.to
            ? `Cloud schema already at version ${report.to} (${report.where}).`
            : `Cloud schema migrated from version ${report.from} to ${report.to} (${report.where}).`
        )
        context.exitCode = EXIT.OK
      })
    })
}
