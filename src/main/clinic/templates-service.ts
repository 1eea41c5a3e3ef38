import { JsonRpcProvider, Network, type Contract } from 'ethers'
import { makeError } from '../../shared/errors'
import { TemplateDefinition, templateHash } from '../../shared/templates'
import { publishTemplate } from '../chain/deploy-ledger'
import { defaultTemplates } from '../chain/default-templates'
import { ledgerAt } from '../chain/ledger-artifact'
import type { App } from '../core/create-app'
import type { StoredTemplate } from '../store/templates-repo'
import { requireRole, type ClinicSession } from './clinic-session'
import { connectLedger, fundOnBundledNode } from './ledger-connection'

const ZERO_HASH = `0x${'00'.repeat(32)}`
const DEFAULT_ADMIN_ROLE = ZERO_HASH

/** The latest version of every template this clinic has published. */
export function knownTemplates(app: App): TemplateDefinition[] {
  return app.store.templates.latest().map((t) => t.definition)
}

/** The exact version a record was signed under (the TTM never changes a published one). */
export function templateVersion(
  app: App,
  id: number,
  version: number
): TemplateDefinition | undefined {
  return app.store.templates.find(id, version)?.definition
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '')

/**
 * A template by slug, id or unambiguous abbreviation (`vitals` → `vital-signs`),
 * at its latest version, or at the one named after `@` (`vital-signs@1`).
 */
export function findTemplate(app: App, name: string): TemplateDefinition {
  const [base = '', at] = name.split('@')
  const all = knownTemplates(app)
  const exact = all.find((t) => t.slug === base || String(t.id) === base)
  const matches = all.filter((t) => squash(base) !== '' && squash(t.slug).startsWith(squash(base)))
  const found = exact ?? (matches.length === 1 ? matches[0] : undefined)
  if (!found) {
    const known = all.map((t) => t.slug).join(', ') || 'none yet'
    throw makeError(`no template ${name}; known: ${known}`, 'INVALID_ARGUMENT')
  }
  if (at === undefined) return found
  const version = Number(at)
  const pinned = Number.isInteger(version) ? templateVersion(app, found.id, version) : undefined
  if (!pinned) throw makeError(`${found.slug} has no version ${at}`, 'INVALID_ARGUMENT')
  return pinned
}

/** Parses a template file's JSON, with every problem named in one line. */
export function parseTemplate(json: unknown): TemplateDefinition {
  const parsed = TemplateDefinition.safeParse(json)
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || 'template'}: ${issue.message}`
  )
  throw makeError(`not a valid template: ${problems.join('; ')}`, 'INVALID_ARGUMENT')
}

/**
 * At `init`: the default templates the ledger holds, for the TTM to take. A
 * new ledger on the bundled node has just published them all; on a remote
 * ledger only those published there with the same definition hash count
 * (its admin may have published others, or none).
 */
export async function defaultTemplatesOn(ledger: Contract): Promise<TemplateDefinition[]> {
  const held: TemplateDefinition[] = []
  for (const def of defaultTemplates()) {
    const [hash] = (await ledger.getFunction('templateOf')(def.id, def.version)) as [string]
    if (hash === templateHash(def)) held.push(def)
  }
  return held
}

/**
 * An admin publishes a template, or a new version of one: checked against
 * the TTM (a version only grows; a name belongs to one template), put on the
 * ledger (the contract refuses a version it already has), then kept. If the
 * ledger already holds this exact definition (a publish interrupted after the
 * transaction), it is kept without a second transaction.
 */
export async function publishTemplateVersion(
  app: App,
  admin: ClinicSession,
  definition: TemplateDefinition
): Promise<StoredTemplate> {
  requireRole(admin, ['admin'], 'publish templates')
  const def = TemplateDefinition.parse(definition)
  const latest = app.store.templates.latestVersion(def.id)
  if (latest !== undefined && def.version <= latest) {
    throw makeError(
      `template ${def.id} is at version ${latest}; a new version must be higher`,
      'CONFLICT'
    )
  }
  const connection = await connectLedger(app, admin.secrets)
  try {
    if (connection.bundled) await fundOnBundledNode(connection.bundled, admin.user.address)
    const network = Network.from(connection.client.chainId)
    const provider = new JsonRpcProvider(connection.nodeUrl, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    provider.pollingInterval = connection.bundled ? 20 : 250
    try {
      const ledger = ledgerAt(connection.client.address, admin.signer.connect(provider))
      const [onChain] = (await ledger.getFunction('templateOf')(def.id, def.version)) as [string]
      if (onChain !== ZERO_HASH && onChain !== templateHash(def)) {
        throw makeError(
          `the ledger already holds a different template ${def.id} version ${def.version}`,
          'CONFLICT'
        )
      }
      if (onChain === ZERO_HASH) {
        const isAdmin = (await ledger.getFunction('hasRole')(
          DEFAULT_ADMIN_ROLE,
          admin.user.address
        )) as boolean
        if (!isAdmin) {
          throw makeError(
            `${admin.user.username} is not the ledger's admin: ask its admin to publish this template, or to grant ${admin.user.address} the admin role`,
            'FORBIDDEN'
          )
        }
        await publishTemplate(ledger, def)
      }
    } finally {
      provider.destroy()
    }
  } finally {
    await connection.close()
  }
  const stored = app.store.templates.add(def, admin.user.username)
  app.store.auditLog.append({
    actor: admin.user.username,
    action: 'template.published',
    subject: `${def.slug}@${def.version}`,
    detail: { id: def.id, version: def.version, hash: stored.hash }
  })
  return stored
}
