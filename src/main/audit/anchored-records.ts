import { type Contract, type EventLog, type JsonRpcProvider, type TypedDataDomain } from 'ethers'
import { makeError } from '../../shared/errors'
import { hexBytes } from '../chain/hex-bytes'
import { RECORD_SIZE } from '../chain/record-encoding'
import { SignerPool } from '../chain/signer-pool'
import { keccak256Bytes } from '../crypto/keccak'
import { AnchoredBatch, batchDigests, batchNodes, domainSeparatorOf } from './anchored-batch'

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
function batchArgument(selector: Uint8Array, input: Uint8Array): Uint8Array | null {
  if (selector.length !== 4 || input.length < 36) return null
  for (let i = 0; i < 4; i++) if (input[i] !== selector[i]) return null
  const offset = word(input, 4)
  const at = 4 + offset
  if (offset < 32 || at + 32 > input.length) return null
  const length = word(input, at)
  if (length < 0 || at + 32 + length > input.length) return null
  return input.subarray(at + 32, at + 32 + length)
}

/** A batch read from the chain, its signers being recovered. */
interface ReadBatch {
  readonly at: { chainBatch: number; txHash: string; blockNumber: number; root: string }
  readonly calldata: Uint8Array
  readonly reasons: Uint8Array
  readonly digests: Uint8Array
  readonly keys: Promise<{ keys: Uint8Array; ok: Uint8Array }>
}

/**
 * Every record ever anchored on the ledger, batch by batch, read from the
 * chain alone: each `BatchAnchored` event names its transaction, whose
 * calldata holds the records; the tree rebuilt from them must give the root
 * the contract keeps in state, or the scan stops (the chain data would not
 * be what was anchored). Nothing comes from the cloud or a workstation.
 * Batches are yielded one at a time, as bytes (see {@link AnchoredBatch}),
 * so memory stays flat.
 */
export async function* anchoredBatches(options: ScanOptions): AsyncGenerator<AnchoredBatch> {
  const { provider, ledger } = options
  const range = options.blockRange ?? 5_000
  const head = options.toBlock ?? (await provider.getBlockNumber())
  const filter = ledger.filters['BatchAnchored']?.()
  if (!filter) throw makeError('the ledger ABI has no BatchAnchored event', 'INTERNAL')
  const separator = domainSeparatorOf(options.domain)
  // Hashed once: ethers hashes the signature text again at each lookup.
  const selector = hexBytes(ledger.interface.getFunction('submitBatch')?.selector ?? '0x')
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
        const calldata = batchArgument(selector, input)
        if (!calldata) {
          throw makeError(
            `batch ${chainBatch} was not sent as a direct submitBatch call`,
            'UNAVAILABLE',
            { tx: txHash }
          )
        }
        if (calldata.length === 0 || calldata.length % RECORD_SIZE !== 0) {
          throw makeError(
            `batch ${chainBatch}: a batch is a whole number of ${RECORD_SIZE}-byte records, not ${calldata.length} bytes`,
            'INVALID_ARGUMENT'
          )
        }
        const count = calldata.length / RECORD_SIZE
        const reasons = hexBytes(event.args['outcomes'] as string)
        if (reasons.length !== count) {
          throw makeError(`batch ${chainBatch}: outcomes and records differ in number`, 'INTERNAL')
        }
        const digests = batchDigests(separator, calldata)
        // Compact (EIP-2098) signatures: the top bit of s is the y parity.
        const signatures = new Uint8Array(count * 64)
        const recoveries = new Uint8Array(count)
        for (let k = 0; k < count; k++) {
          const p = k * RECORD_SIZE + 84
          signatures.set(calldata.subarray(p, p + 64), k * 64)
          recoveries[k] = (signatures[k * 64 + 32] ?? 0) >> 7
          signatures[k * 64 + 32] = (signatures[k * 64 + 32] ?? 0) & 0x7f
        }
        const keys = signers.recoverKeys(digests, signatures, recoveries)
        keys.catch(() => undefined)
        const at = { chainBatch, txHash, blockNumber: event.blockNumber, root: stateRoot }
        return { at, calldata, reasons, digests, keys }
      }
      let next = events.length > 0 ? read(0) : undefined
      for (let i = 0; next; i++) {
        const batch = await next
        next = i + 1 < events.length ? read(i + 1) : undefined
        next?.catch(() => undefined)
        const { at, calldata, reasons, digests } = batch
        const { keys, ok } = await batch.keys
        // The signer's address: the last 20 bytes of keccak256 of its key (zero where none).
        const addresses = new Uint8Array(reasons.length * 20)
        for (let k = 0; k < reasons.length; k++) {
          if (ok[k] !== 1) continue
          addresses.set(keccak256Bytes(keys.subarray(k * 64, k * 64 + 64)).subarray(12), k * 20)
        }
        const tree = batchNodes(calldata, digests, addresses, reasons)
        const rebuilt = `0x${Buffer.from(tree[0] as Uint8Array).toString('hex')}`
        if (rebuilt !== at.root.toLowerCase()) {
          throw makeError(
            `batch ${at.chainBatch}: its calldata does not rebuild the root the ledger holds`,
            'INTERNAL',
            { rebuilt, stateRoot: at.root }
          )
        }
        yield new AnchoredBatch(at, calldata, reasons, addresses, ok, tree)
      }
    }
  } finally {
    await signers.close()
  }
}
