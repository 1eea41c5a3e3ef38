import {
  Contract,
  type ContractRunner,
  type ContractTransactionResponse,
  type InterfaceAbi,
  type Provider,
  type TransactionReceipt
} from 'ethers'
import { assert } from '../../shared/errors'
import { readAppJson } from './app-files'

/** The compiled ledger as `npm run build:contracts` writes it. */
export interface LedgerArtifact {
  readonly abi: InterfaceAbi
  readonly bytecode: string
  readonly sourceHash: string
}

let cached: LedgerArtifact | undefined

/**
 * The compiled ledger (ABI + bytecode) from contracts/artifacts/: the deployed bytecode is
 * whatever that generated file says, never compiled at run time.
 */
export function ledgerArtifact(): LedgerArtifact {
  cached ??= readAppJson('contracts', 'artifacts', 'MediBlockLedger.json') as LedgerArtifact
  return cached
}

/** The ledger contract at `address`, bound to `runner`. */
export function ledgerAt(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ledgerArtifact().abi, runner)
}

/**
 * The Merkle root the ledger holds in state for batch `chainBatch`, or null
 * when it has no such batch: what every proof of a record is checked against.
 */
export async function anchoredRoot(ledger: Contract, chainBatch: number): Promise<string | null> {
  const [root, count] = (await ledger.getFunction('batch')(chainBatch)) as [string, bigint]
  return count === 0n ? null : root
}

/** How long a ledger transaction may take to be mined before the call gives up. */
export const MINE_TIMEOUT_MS = 120_000

/**
 * Waits for a transaction's receipt by asking for it every polling
 * interval. Not `tx.wait()`: ethers checks the receipt once, then waits
 * for the next block, and a transaction mined in between is never noticed
 * on a node that mines only when a transaction arrives (the bundled node):
 * the call hung until some other transaction came along.
 */
export async function waitForReceipt(
  provider: Provider,
  hash: string,
  name: string,
  timeoutMs = MINE_TIMEOUT_MS
): Promise<TransactionReceipt> {
  const pollMs = (provider as { pollingInterval?: number }).pollingInterval ?? 250
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const receipt = await provider.getTransactionReceipt(hash)
    if (receipt) {
      assert(receipt.status === 1, `${name} was reverted by the ledger`, 'CONFLICT', { name })
      return receipt
    }
    assert(Date.now() < deadline, `${name} was not mined in time`, 'UNAVAILABLE', { name })
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/** Calls a state-changing ledger function and waits for its receipt. */
export async function sendLedgerTx(
  ledger: Contract,
  name: string,
  ...args: unknown[]
): Promise<TransactionReceipt> {
  const tx = (await ledger.getFunction(name)(...args)) as ContractTransactionResponse
  return waitForReceipt(tx.provider, tx.hash, name)
}

/** The ledger contract's ABI (read from the artifact when this module loads). */
export const LEDGER_ABI: InterfaceAbi = ledgerArtifact().abi
