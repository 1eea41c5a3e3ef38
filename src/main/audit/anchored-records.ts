import {
  ZeroAddress,
  type Contract,
  type EventLog,
  type JsonRpcProvider,
  type TypedDataDomain
} from 'ethers'
import { makeError } from '../../shared/errors'
import { decodeBatch } from '../chain/decode-batch'
import { batchTree } from '../chain/merkle'
import { recoverSigner } from '../chain/recover-signer'
import { recordDigest, type SignedRecord } from '../chain/record-encoding'

/** One record as the chain holds it: what was sent, and the contract's outcome. */
export interface AnchoredRecord {
  readonly tid: string
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  readonly leafIndex: number
  /** The batch's Merkle root, as the ledger holds it in state. */
  readonly root: string
  readonly record: SignedRecord
  /** The EIP-712 digest the clinician signed. */
  readonly digest: string
  /** The signer the contract recovered (zero for a malformed signature). */
  readonly signer: string
  /** 0 accepted; otherwise the contract's reason code. */
  readonly reason: number
}

export interface ScanOptions {
  readonly provider: JsonRpcProvider
  readonly ledger: Contract
  readonly domain: TypedDataDomain
  readonly fromBlock: number
  /** The last block to read (the latest when left out), so that a report can name it. */
  readonly toBlock?: number
  /** Blocks per log query (nodes cap the range). */
  readonly blockRange?: number
}

function signerOf(digest: string, signature: string): string {
  try {
    return recoverSigner(digest, signature)
  } catch {
    return ZeroAddress
  }
}

/**
 * Every record ever anchored on the ledger, batch by batch, read from the
 * chain alone: each `BatchAnchored` event names its transaction, whose
 * calldata holds the records; the tree rebuilt from them must give the root
 * the contract keeps in state, or the scan stops (the chain data would not
 * be what was anchored). Nothing comes from the cloud or a workstation.
 * Batches are yielded one at a time, so memory stays flat.
 */
export async function* anchoredBatches(options: ScanOptions): AsyncGenerator<AnchoredRecord[]> {
  const { provider, ledger, domain } = options
  const range = options.blockRange ?? 5_000
  const head = options.toBlock ?? (await provider.getBlockNumber())
  const filter = ledger.filters['BatchAnchored']?.()
  if (!filter) throw makeError('the ledger ABI has no BatchAnchored event', 'INTERNAL')
  for (let from = options.fromBlock; from <= head; from += range) {
    const events = (await ledger.queryFilter(
      filter,
      from,
      Math.min(head, from + range - 1)
    )) as EventLog[]
    for (const event of events) {
      const chainBatch = Number(event.args['batchId'])
      const tx = await provider.getTransaction(event.transactionHash)
      if (!tx)
        throw makeError(`the node has no transaction ${event.transactionHash}`, 'UNAVAILABLE')
      let calldata: string
      try {
        calldata = ledger.interface.decodeFunctionData('submitBatch', tx.data)[0] as string
      } catch (cause) {
        throw makeError(
          `batch ${chainBatch} was not sent as a direct submitBatch call`,
          'UNAVAILABLE',
          { tx: tx.hash },
          cause
        )
      }
      const records = decodeBatch(calldata)
      const reasons = [...Buffer.from((event.args['outcomes'] as string).slice(2), 'hex')]
      if (reasons.length !== records.length) {
        throw makeError(`batch ${chainBatch}: outcomes and records differ in number`, 'INTERNAL')
      }
      const [stateRoot] = (await ledger.getFunction('batch')(chainBatch)) as [string]
      const anchored = records.map((record, leafIndex) => {
        const digest = recordDigest(domain, record)
        return {
          tid: (record.tid as string).toLowerCase(),
          chainBatch,
          txHash: tx.hash,
          blockNumber: event.blockNumber,
          leafIndex,
          root: stateRoot,
          record,
          digest,
          signer: signerOf(digest, record.signature),
          reason: reasons[leafIndex] ?? 0
        }
      })
      const rebuilt = batchTree(anchored).root
      if (rebuilt !== stateRoot) {
        throw makeError(
          `batch ${chainBatch}: its calldata does not rebuild the root the ledger holds`,
          'INTERNAL',
          { rebuilt, stateRoot }
        )
      }
      yield anchored
    }
  }
}
