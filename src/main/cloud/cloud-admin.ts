import { makeError } from '../../shared/errors'
import { CloudSettings } from '../../shared/ipc/schemas'
import { requireRole, type ClinicSession } from '../clinic/clinic-session'
import type { App } from '../core/create-app'
import type { SecretStore } from '../keys/secret-store'
import { saveCloudCredentials } from './cloud-credentials'
import type { CloudCheck } from './cloud-store'
import { describeSettings, describeTarget, resolveCloudTarget } from './cloud-target'
import { openConfiguredCloud } from './open-configured-cloud'
import type { MigrationReport } from './schema/migrator'

/** A cloud database in words, without secrets. */
export interface CloudSummary {
  /** `PostgreSQL at db.example.org:5432`. */
  readonly where: string
  /** `database mediblock as user mediblock, TLS verified`. */
  readonly details: string
}

/** What `mediblock cloud test` reports when all is well. */
export interface CloudTestReport extends CloudCheck, CloudSummary {
  readonly records: number
  readonly rejected: number
}

function summary(app: App, settings: CloudSettings): CloudSummary {
  const target = resolveCloudTarget(settings, app.paths.cloudDb)
  return { where: describeTarget(target), details: describeSettings(target) }
}

/**
 * An admin sets the cloud database: the settings go to the local store's
 * config, the password or secret key (if the engine needs one) to the
 * device secret store, never to config; stale cloud secrets are removed.
 * Nothing is contacted: `testCloud` does that.
 *
 * @param secret the database password (postgres, mysql) or AWS secret access key (data-api)
 */
export async function setCloud(
  app: App,
  admin: ClinicSession,
  input: unknown,
  secret: string | undefined
): Promise<CloudSummary> {
  requireRole(admin, ['admin'], 'change the cloud settings')
  const parsed = CloudSettings.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = issue?.path.join('.') || 'settings'
    throw makeError(`cloud settings: ${field}: ${issue?.message ?? 'invalid'}`, 'INVALID_ARGUMENT')
  }
  const settings = parsed.data
  const described = summary(app, settings)
  await saveCloudCredentials(admin.keys.secrets.store, settings, secret)
  app.store.setConfig('cloud', settings)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'cloud.configured',
    detail: { engine: settings.engine, where: described.where }
  })
  return described
}

/**
 * Connects to the configured cloud database and checks its schema; throws
 * a coded error that says what is wrong (see `CloudStore.check`).
 *
 * @param secrets the unlocked secret store, for engines with a password or key
 */
export async function testCloud(
  app: App,
  secrets: SecretStore | undefined
): Promise<CloudTestReport> {
  const settings = app.store.getConfig('cloud')
  const cloud = await openConfiguredCloud({
    store: app.store,
    paths: app.paths,
    ...(secrets ? { secrets } : {}),
    ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
  })
  try {
    const check = await cloud.check()
    const [records, rejected] = [await cloud.countRecords(), await cloud.countRejected()]
    return { ...check, ...summary(app, settings), records, rejected }
  } finally {
    await cloud.close()
  }
}

/** An admin creates or updates the cloud schema to the version this MediBlock needs. */
export async function migrateCloud(
  app: App,
  admin: ClinicSession
): Promise<MigrationReport & CloudSummary> {
  requireRole(admin, ['admin'], 'migrate the cloud database')
  const settings = app.store.getConfig('cloud')
  const cloud = await openConfiguredCloud({
    store: app.store,
    paths: app.paths,
    secrets: admin.keys.secrets.store,
    ...(app.config.sqliteBinding ? { nativeBinding: app.config.sqliteBinding } : {})
  })
  try {
    const report = await cloud.migrate()
    app.store.auditLog.append({
      actor: admin.user.username,
      action: 'cloud.migrated',
      detail: { from: report.from, to: report.to, where: cloud.where }
    })
    return { ...report, ...summary(app, settings) }
  } finally {
    await cloud.close()
  }
}
