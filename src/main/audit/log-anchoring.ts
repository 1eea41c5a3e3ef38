import { Transaction, keccak256, type EventLog } from 'ethers'
import { makeError } from '../../shared/errors'
import type { LedgerClient } from '../handshaker/ledger-client'
import type { Logger } from '../log/logger'
import type { LocalStore } from '../store/local-store'
import { anchorDecision, type AnchorPolicy } from './anchor-policy'
import { entryHash, GENESIS_HASH } from './audit-log'
import type { StoredLogAnchor } from './log-anchors-repo'
import type { ChainLogAnchor } from './verify-security-log'

/** What anchoring needs: the store (log and bookkeeping), the handshaker's ledger client. */
export interface AnchoringContext {
  readonly store: LocalStore
  readonly client: LedgerClient
  readonly log: Logger
}

/** What an anchoring attempt came to. */
export interface AnchorAttempt {
  /** The anchor sent (its state says whether it is mined yet); null when none was. */
  readonly anchor: StoredLogAnchor | null
  readonly why: string
}

/** Gas for `anchorLog`: about 27,000 are used (an event and a role check). */
const ANCHOR_GAS_LIMIT = 100_000n

/** How long the opportunistic anchoring after a drain or sync may take in all. */
const OPPORTUNISTIC_TIMEOUT_MS = 10_000

/**
 * The log anchors `by` (a handshaker's address) sent to the ledger, read from
 * its `LogAnchored` events from `fromBlock` to `toBlock` (the latest block by
 * default): what `audit log --verify` holds the local log against. Nothing
 * comes from the local store.
 */
export async function logAnchorsOnChain(
  client: Pick<LedgerClient, 'ledger' | 'provider'>,
  by: string,
  fromBlock: number,
  toBlock?: number,
  blockRange = 5_000
): Promise<ChainLogAnchor[]> {
  const filter = client.ledger.filters['LogAnchored']?.(by)
  if (!filter) {
    throw makeError('the ledger ABI has no LogAnchored event', 'INTERNAL')
  }
  const head = toBlock ?? (await client.provider.getBlockNumber())
  const anchors: ChainLogAnchor[] = []
  for (let from = fromBlock; from <= head; from += blockRange) {
    const events = (await client.ledger.queryFilter(
      filter,
      from,
      Math.min(head, from + blockRange - 1)
    )) as EventLog[]
    for (const event of events) {
      // Not args['entries']: `entries` is also a method of an ethers Result.
      const args = event.args.toObject() as { entries: bigint; head: string }
      anchors.push({
        entries: Number(args.entries),
        head: args.head.toLowerCase(),
        blockNumber: event.blockNumber,
        txHash: event.transactionHash
      })
    }
  }
  return anchors
}

/** Hands a stored transaction to the node as is; "already known" and the like are fine. */
async function broadcast(context: AnchoringContext, anchor: StoredLogAnchor): Promise<void> {
  try {
    await context.client.provider.send('eth_sendRawTransaction', [anchor.rawTx])
  } catch (error) {
    context.log.debug({ err: error, anchor: anchor.id }, 'log anchor broadcast answered an error')
  }
}

/**
 * Looks for the receipts of anchors sent earlier and sends again those the
 * node does not know: a stored anchor holds a nonce of the handshaker's
 * account, and a batch sent after it would wait behind it for good if the
 * node never got it. Run before a drain; answers how many are still pending.
 */
export async function settleLogAnchors(context: AnchoringContext): Promise<number> {
  let pending = 0
  for (const anchor of context.store.auditLog.anchors.pending()) {
    const receipt = await context.client.provider.getTransactionReceipt(anchor.txHash)
    if (receipt) {
      const state = receipt.status === 1 ? 'mined' : 'failed'
      context.store.auditLog.anchors.settle(anchor.id, state, receipt.blockNumber)
      if (state === 'failed') {
        context.log.warn({ anchor: anchor.id, tx: anchor.txHash }, 'log anchor reverted')
      }
    } else {
      await broadcast(context, anchor)
      pending++
    }
  }
  return pending
}

/**
 * The entries since the last anchor must still chain to it, hash by hash:
 * anchoring a broken log would put the ledger's word behind it. Answers the
 * last entry.
 */
function checkUnanchoredEntries(store: LocalStore): { seq: number; hash: string } | null {
  const latest = store.auditLog.anchors.latest()
  let prev = GENESIS_HASH
  let expected = 1
  if (latest) {
    const anchored = store.auditLog.entry(latest.entries)
    if (anchored?.hash !== latest.head) {
      throw makeError(
        `the security log no longer holds the head anchored last (entry ${latest.entries}): not anchoring over it; see \`mediblock audit log --verify\``,
        'CONFLICT'
      )
    }
    prev = anchored.hash
    expected = latest.entries + 1
  }
  let last: { seq: number; hash: string } | null = null
  for (const entry of store.auditLog.entries(expected)) {
    if (entry.seq !== expected || entry.prevHash !== prev || entryHash(entry) !== entry.hash) {
      throw makeError(
        `the security log is broken at entry ${expected}: not anchoring it; see \`mediblock audit log --verify\``,
        'CONFLICT'
      )
    }
    prev = entry.hash
    last = { seq: entry.seq, hash: entry.hash }
    expected++
  }
  return last
}

/** Why the ledger refuses an anchor, in words, from a failed static call. */
function refusal(context: AnchoringContext, error: unknown): Error {
  const data = (error as { data?: unknown }).data
  const name =
    typeof data === 'string' && data.length >= 10
      ? context.client.ledger.interface.parseError(data)?.name
      : undefined
  const address = context.client.wallet.address
  const why =
    name === 'AccessControlUnauthorizedAccount'
      ? `this workstation's handshaker ${address} lacks the ledger's HANDSHAKER_ROLE`
      : name
        ? `the ledger refused it (${name})`
        : 'the ledger has no anchorLog (a ledger deployed before it existed?) or refused it'
  return makeError(`cannot anchor the security log: ${why}`, 'CONFLICT', {}, error)
}

/**
 * Anchors the security log's head now: checks the entries since the last
 * anchor, asks the ledger (a call, no gas) whether it would take the anchor,
 * stores the signed `anchorLog` transaction with its nonce, and sends it.
 * With `waitMs`, waits that long for its receipt (else it is settled later,
 * see {@link settleLogAnchors}). Answers null when the log is empty or its
 * head is already anchored.
 */
export async function anchorLogHead(
  context: AnchoringContext,
  options: { waitMs?: number } = {}
): Promise<StoredLogAnchor | null> {
  const { store, client } = context
  const latest = store.auditLog.anchors.latest()
  const head = store.auditLog.head()
  if (!head || (latest && latest.entries >= head.seq)) return null
  const last = checkUnanchoredEntries(store)
  if (!last) return null
  const anchorLog = client.ledger.getFunction('anchorLog')
  try {
    await anchorLog.staticCall(last.seq, last.hash)
  } catch (error) {
    throw refusal(context, error)
  }
  const chainNonce = await client.provider.getTransactionCount(client.wallet.address, 'pending')
  const fees = await client.provider.getFeeData()
  const data = client.ledger.interface.encodeFunctionData('anchorLog', [last.seq, last.hash])
  const stored = store.auditLog.anchors.record(
    (nonce) => {
      const tx = Transaction.from({
        type: 2,
        chainId: client.chainId,
        nonce,
        to: client.address,
        data,
        gasLimit: ANCHOR_GAS_LIMIT,
        maxFeePerGas: fees.maxFeePerGas ?? fees.gasPrice ?? 0n,
        maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n
      })
      tx.signature = client.wallet.signingKey.sign(tx.unsignedHash)
      const rawTx = tx.serialized
      return { txHash: keccak256(rawTx), rawTx }
    },
    { entries: last.seq, head: last.hash },
    chainNonce
  )
  await broadcast(context, stored)
  const until = Date.now() + (options.waitMs ?? 0)
  for (;;) {
    const receipt = await client.provider.getTransactionReceipt(stored.txHash)
    if (receipt) {
      return store.auditLog.anchors.settle(
        stored.id,
        receipt.status === 1 ? 'mined' : 'failed',
        receipt.blockNumber
      )
    }
    if (Date.now() >= until) return stored
    await new Promise((resolve) => setTimeout(resolve, client.pollMs))
  }
}

/** The policy's view of the log: entries, those anchored, the oldest unanchored one's time. */
export function logState(store: LocalStore) {
  const entries = store.auditLog.head()?.seq ?? 0
  const anchored = store.auditLog.anchors.latest()?.entries ?? 0
  return {
    entries,
    anchored,
    oldestUnanchoredAt: store.auditLog.entry(anchored + 1)?.at ?? null
  }
}

/**
 * After a drain or a sync, while the node is up anyway: settles anchors
 * sent earlier and anchors the head if the policy says it is due. Never
 * throws and never takes long (10 s in all): anchoring must not stand in
 * the way of clinical work; a failure is logged and the next drain tries
 * again.
 */
export async function anchorLogIfDue(
  context: AnchoringContext,
  policy: AnchorPolicy,
  now: Date = new Date()
): Promise<AnchorAttempt> {
  const attempt = async (): Promise<AnchorAttempt> => {
    const pending = await settleLogAnchors(context)
    const decision = anchorDecision(policy, logState(context.store), now)
    if (!decision.due) return { anchor: null, why: decision.why }
    if (pending > 0) return { anchor: null, why: 'an anchor sent earlier is not mined yet' }
    const anchor = await anchorLogHead(context)
    if (anchor) {
      context.log.info(
        { entries: anchor.entries, tx: anchor.txHash, why: decision.why },
        'security log anchored'
      )
    }
    return { anchor, why: decision.why }
  }
  let timer: NodeJS.Timeout | undefined
  const running = attempt()
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('timed out; the next drain tries again')),
      OPPORTUNISTIC_TIMEOUT_MS
    )
  })
  try {
    return await Promise.race([running, timeout])
  } catch (error) {
    running.catch(() => undefined)
    context.log.warn({ err: error }, 'security log not anchored')
    return { anchor: null, why: `not anchored: ${(error as Error).message}` }
  } finally {
    clearTimeout(timer)
  }
}
