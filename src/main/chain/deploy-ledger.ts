import { ContractFactory, type Contract, type Signer } from 'ethers'
import { assert, makeError } from '../../shared/errors'
import {
  ROLE_CODES,
  chainTemplate,
  templateHash,
  type ClinicalRole,
  type TemplateDefinition
} from '../../shared/templates'
import { toRuleStruct } from '../../shared/rules'
import type { LocalStore } from '../store/local-store'
import { defaultTemplates } from './default-templates'
import { ledgerArtifact, ledgerAt, sendLedgerTx, waitForReceipt } from './ledger-artifact'

/** Where a ledger lives, as recorded in the local store's `ledger` setting. */
export interface LedgerDeployment {
  readonly address: string
  readonly chainId: number
  readonly deployBlock: number
}

/** What `deployLedger` sets up besides the contract. */
export interface DeployLedgerOptions {
  /** Deploys and administers the ledger (DEFAULT_ADMIN_ROLE). */
  readonly admin: Signer
  /** Accounts granted HANDSHAKER_ROLE. */
  readonly handshakers?: readonly string[]
  /** Clinicians to register, by address. */
  readonly clinicians?: readonly { address: string; role: ClinicalRole }[]
  /** Templates to publish; the default templates if omitted. */
  readonly templates?: readonly TemplateDefinition[]
  /** Where to record the deployment (`ledger.contract`); nothing is written if omitted. */
  readonly store?: LocalStore
}

/** Publishes one template version on `ledger` (admin only). */
export async function publishTemplate(ledger: Contract, def: TemplateDefinition): Promise<void> {
  const t = chainTemplate(def)
  await sendLedgerTx(
    ledger,
    'publishTemplate',
    t.id,
    t.version,
    templateHash(def),
    t.roleMask,
    t.rules.map(toRuleStruct)
  )
}

/**
 * Deploys a new ledger (used by `mediblock init`): grants the handshaker role, registers the
 * clinicians, publishes the templates, and records address, chain id and deployment block
 * in the local store. A new deployment is a new ledger; nothing is upgraded.
 */
export async function deployLedger(options: DeployLedgerOptions): Promise<LedgerDeployment> {
  const { admin } = options
  const provider = admin.provider
  assert(provider, 'the admin signer has no provider', 'NOT_CONFIGURED')
  let ledger: Contract
  let deployBlock: number
  try {
    const { abi, bytecode } = ledgerArtifact()
    const factory = new ContractFactory(abi, bytecode, admin)
    const deployed = await factory.deploy(await admin.getAddress())
    const deployment = deployed.deploymentTransaction()
    assert(deployment, 'the deployment was not sent', 'UNAVAILABLE')
    deployBlock = (await waitForReceipt(provider, deployment.hash, 'the deployment')).blockNumber
    ledger = ledgerAt(await deployed.getAddress(), admin)
    const role = (await ledger.getFunction('HANDSHAKER_ROLE')()) as string
    for (const account of options.handshakers ?? []) {
      await sendLedgerTx(ledger, 'grantRole', role, account)
    }
    for (const { address, role: clinicalRole } of options.clinicians ?? []) {
      await sendLedgerTx(ledger, 'registerClinician', address, ROLE_CODES[clinicalRole])
    }
    for (const def of options.templates ?? defaultTemplates()) await publishTemplate(ledger, def)
  } catch (cause) {
    throw makeError('cannot deploy the ledger', 'UNAVAILABLE', {}, cause)
  }
  const { chainId } = await provider.getNetwork()
  const deployment = {
    address: await ledger.getAddress(),
    chainId: Number(chainId),
    deployBlock
  }
  if (options.store) {
    const current = options.store.getConfig('ledger')
    options.store.setConfig('ledger', { ...current, contract: deployment })
  }
  return deployment
}
