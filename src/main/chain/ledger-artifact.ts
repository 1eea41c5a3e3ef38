import { Contract, type ContractRunner, type InterfaceAbi, type TransactionReceipt } from 'ethers'
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

/** Calls a state-changing ledger function and waits for its receipt. */
export async function sendLedgerTx(
  ledger: Contract,
  name: string,
  ...args: unknown[]
): Promise<TransactionReceipt> {
  const tx = (await ledger.getFunction(name)(...args)) as {
    wait(): Promise<TransactionReceipt | null>
  }
  const receipt = await tx.wait()
  assert(receipt, `${name} was not mined`, 'UNAVAILABLE', { name })
  return receipt
}

/** The ledger contract's ABI (read from the artifact when this module loads). */
export const LEDGER_ABI: InterfaceAbi = ledgerArtifact().abi
