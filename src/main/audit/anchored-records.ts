import { type Contract, type EventLog, type JsonRpcProvider, type TypedDataDomain } from 'ethers'
import { makeError } from '../../shared/errors'
import { decodeBatch } from '../chain/decode-batch'
import { hexBytes } from '../chain/hex-bytes'
import { batchTree } from '../chain/merkle'
import { SignerPool } from '../chain/signer-pool'
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
  /** The record's Merkle proof in the tree rebuilt from the batch (whose root is the one in state). */
  readonly proof: readonly string[]
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

/** Batches whose transaction and root are asked for ahead of the one being checked. */
const FETCH_AHEAD = 4

/** A batch's transaction input (null: the node has none) and the root the ledger holds for it. */
type Fetched = [Uint8Array | null, string]

/** A batch read from the chain, its signers being recovered. */
interface ReadBatch {
  readonly event: EventLog
  readonly chainBatch: number
  readonly txHash: string
  readonly stateRoot: string
  readonly records: SignedRecord[]
  readonly reasons: number[]
  readonly digests: string[]
  readonly recovered: Promise<string[]>
}

/**
 * A transaction's input, read raw (null when the node has no such
 * transaction): a batch's transaction answers some 80 kB of JSON, which
 * `getTransaction` would decode in JavaScript (ethers' UTF-8 decoder, then
 * its hex parser and its transaction formatter), a tenth of the audit's time
 * when the node is local. The request is the provider's own (its URL,
 * headers and timeouts); only the decoding is Node's.
 */
async function transactionInput(
  provider: JsonRpcProvider,
  hash: string
): Promise<Uint8Array | null> {
  const request = provider._getConnection()
  request.body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'eth_getTransactionByHash',
    params: [hash]
  })
  request.setHeader('content-type', 'application/json')
  const response = await request.send()
  response.assertOk()
  const answer = JSON.parse(Buffer.from(response.body ?? []).toString('utf8')) as {
    result?: { input?: unknown } | null
    error?: { message?: unknown }
  }
  if (answer.error) {
    throw makeError(
      `the node refused transaction ${hash}: ${String(answer.error.message)}`,
      'UNAVAILABLE'
    )
  }
  if (!answer.result) return null
  const { input } = answer.result
  if (typeof input !== 'string') {
    throw makeError(`the node answered transaction ${hash} without its input`, 'UNAVAILABLE')
  }
  return hexBytes(input, 'input')
}

/** A 32-byte ABI word as a number, or -1 past 2^48 (no calldata is that long). */
function word(input: Uint8Array, at: number): number {
  let value = 0
  for (let i = at; i < at + 32; i++) {
    const byte = input[i] ?? 0
    if (i < at + 26 && byte !== 0) return -1
    value = value * 256 + byte
  }
  return value
}

/**
 * The `bytes` argument of a `submitBatch(bytes)` call, or null for any
 * other input: the function's selector, then the argument where its offset
 * points, its length and that many bytes. The ABI coder of ethers answers
 * the same, as hex, after parsing the whole input (40 kB a batch of 256) in
 * JavaScript.
 */
function batchArgument(ledger: Contract, input: Uint8Array): Uint8Array | null {
  const selector = hexBytes(ledger.interface.getFunction('submitBatch')?.selector ?? '0x')
  if (selector.length !== 4 || input.length < 36) return null
  for (let i = 0; i < 4; i++) if (input[i] !== selector[i]) return null
  const offset = word(input, 4)
  const at = 4 + offset
  if (offset < 32 || at + 32 > input.length) return null
  const length = word(input, at)
  if (length < 0 || at + 32 + length > input.length) return null
  return input.subarray(at + 32, at + 32 + length)
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
  const signers = await SignerPool.open()
  try {
    for (let from = options.fromBlock; from <= head; from += range) {
      const events = (await ledger.queryFilter(
        filter,
        from,
        Math.min(head, from + range - 1)
      )) as EventLog[]
      // Each batch's transaction and root are asked for a few batches ahead,
      // so that the node answers while the batch before is checked; and a
      // batch's signers are being recovered (on other cores) while the batch
      // before is rebuilt and used.
      const fetches: (Promise<Fetched> | undefined)[] = []
      const fetchAhead = (upTo: number) => {
        while (fetches.length < Math.min(events.length, upTo)) {
          const event = events[fetches.length] as EventLog
          const fetch = Promise.all([
            transactionInput(provider, event.transactionHash),
            (ledger.getFunction('batch')(Number(event.args['batchId'])) as Promise<[string]>).then(
              ([root]) => root
            )
          ])
          // Awaited in turn; a failure ahead of that must not count as unhandled.
          fetch.catch(() => undefined)
          fetches.push(fetch)
        }
      }
      const read = async (i: number): Promise<ReadBatch> => {
        const event = events[i] as EventLog
        const chainBatch = Number(event.args['batchId'])
        fetchAhead(i + FETCH_AHEAD)
        const [input, stateRoot] = await (fetches[i] as Promise<Fetched>)
        fetches[i] = undefined
        const txHash = event.transactionHash
        if (!input) throw makeError(`the node has no transaction ${txHash}`, 'UNAVAILABLE')
        const calldata = batchArgument(ledger, input)
        if (!calldata) {
          throw makeError(
            `batch ${chainBatch} was not sent as a direct submitBatch call`,
            'UNAVAILABLE',
            { tx: txHash }
          )
        }
        const records = decodeBatch(calldata)
        const reasons = [...Buffer.from((event.args['outcomes'] as string).slice(2), 'hex')]
        if (reasons.length !== records.length) {
          throw makeError(`batch ${chainBatch}: outcomes and records differ in number`, 'INTERNAL')
        }
        const digests = records.map((record) => recordDigest(domain, record))
        const recovered = signers.recover(
          records.map((record, k) => ({
            digest: digests[k] as string,
            signature: record.signature
          }))
        )
        recovered.catch(() => undefined)
        return { event, chainBatch, txHash, stateRoot, records, reasons, digests, recovered }
      }
      let next = events.length > 0 ? read(0) : undefined
      for (let i = 0; next; i++) {
        const batch = await next
        next = i + 1 < events.length ? read(i + 1) : undefined
        next?.catch(() => undefined)
        const { chainBatch, stateRoot, reasons, digests } = batch
        const recovered = await batch.recovered
        const leaves = batch.records.map((record, leafIndex) => ({
          tid: (record.tid as string).toLowerCase(),
          record,
          digest: digests[leafIndex] as string,
          signer: recovered[leafIndex] as string,
          reason: reasons[leafIndex] ?? 0
        }))
        const tree = batchTree(leaves)
        if (tree.root !== stateRoot) {
          throw makeError(
            `batch ${chainBatch}: its calldata does not rebuild the root the ledger holds`,
            'INTERNAL',
            { rebuilt: tree.root, stateRoot }
          )
        }
        yield leaves.map((leaf, leafIndex) => ({
          ...leaf,
          chainBatch,
          txHash: batch.txHash,
          blockNumber: batch.event.blockNumber,
          leafIndex,
          root: stateRoot,
          proof: tree.getProof(leafIndex)
        }))
      }
    }
  } finally {
    await signers.close()
  }
}
