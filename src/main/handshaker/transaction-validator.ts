import { Transaction, keccak256, type FeeData, type TransactionReceipt } from 'ethers'
import { makeError } from '../../shared/errors'
import { reasonName } from '../../shared/rules'
import type { SignedRecord } from '../chain/record-encoding'
import { encodeBatch } from '../chain/record-encoding'
import type { Logger } from '../log/logger'
import type { LocalStore } from '../store/local-store'
import type { StoredBatch } from '../store/records-repo'
import { buildAcks, type SentRecord } from './acks'
import { crashPoint } from './crash-point'
import type { LedgerClient } from './ledger-client'

/** One record's outcome, as the TV reports it. */
export interface RecordOutcome {
  readonly tid: string
  readonly state: 'anchored' | 'rejected'
  readonly reason: number
  readonly reasonName: string
}

export interface TransactionValidatorOptions {
  readonly store: LocalStore
  readonly client: LedgerClient
  readonly log: Logger
  /** Most records in one batch transaction. */
  readonly batchSize?: number
  /**
   * Most batch transactions a drain keeps sent and not yet acknowledged
   * (consecutive nonces); 1 sends each batch only once the previous one is
   * acknowledged.
   */
  readonly pipelineDepth?: number
  /** Blocks to wait on top of the one that mined a batch (0 on the bundled node). */
  readonly confirmations?: number
  /**
   * How long to wait for a receipt before sending the same transaction again;
   * by default 50 receipt polls (half a second on the bundled node, polled
   * every 10 ms), at most 30 s.
   */
  readonly receiptTimeoutMs?: number
  /** Hears each record's ACK as soon as it is written. */
  readonly onOutcome?: (outcome: RecordOutcome) => void
}

/** Records in one batch transaction unless the caller says otherwise. */
export const DEFAULT_BATCH_SIZE = 64

/**
 * Batch transactions in flight during a drain unless the caller says otherwise:
 * enough that the node always has the next batch to mine while the handshaker
 * writes the ACKs of the previous one.
 */
export const DEFAULT_PIPELINE_DEPTH = 3

/** Receipt polls without a receipt after which the TV sends the transaction again. */
const RESEND_AFTER_POLLS = 50

/** How long a drain reuses the node's fee figures before asking again. */
const FEE_DATA_TTL_MS = 10_000

/** Gas a batch may use: a fixed part and a per-record part, both with margin. */
function gasLimit(records: number): bigint {
  return 80_000n + 30_000n * BigInt(records)
}

/**
 * TV, the transaction validator: takes queued records in batches, sends each
 * batch as one transaction from the handshaker's account, waits for its
 * receipt, and turns the contract's outcome into each record's ACK.
 *
 * A drain keeps up to `pipelineDepth` batches in flight with consecutive
 * nonces, so the node mines one batch while the handshaker prepares the next
 * and acknowledges the last; receipts are still awaited, and ACKs written, in
 * nonce order.
 *
 * Crash safety: a batch's signed transaction is stored (with its nonce and
 * hash) before it is sent. After a restart, {@link recover} sends that same
 * transaction again, or finds its receipt if it was mined, so a record is
 * never anchored twice and never lost; batches left in flight are recovered
 * in nonce order. Nothing reaches the cloud outbox without a valid ACK (the
 * store writes both in one transaction).
 */
export class TransactionValidator {
  readonly #store: LocalStore
  readonly #client: LedgerClient
  readonly #log: Logger
  readonly #batchSize: number
  readonly #pipelineDepth: number
  readonly #confirmations: number
  readonly #receiptTimeoutMs: number
  readonly #onOutcome: ((outcome: RecordOutcome) => void) | undefined
  #fees: { data: FeeData; at: number } | undefined

  constructor(options: TransactionValidatorOptions) {
    this.#store = options.store
    this.#client = options.client
    this.#log = options.log
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
    this.#pipelineDepth = Math.max(1, options.pipelineDepth ?? DEFAULT_PIPELINE_DEPTH)
    this.#confirmations = options.confirmations ?? 0
    this.#receiptTimeoutMs =
      options.receiptTimeoutMs ?? Math.min(30_000, RESEND_AFTER_POLLS * options.client.pollMs)
    this.#onOutcome = options.onOutcome
  }

  /** Finishes the batches a previous run sent but never saw mined. */
  async recover(): Promise<number> {
    let finished = 0
    for (const batch of this.#store.records.pendingBatches()) {
      await this.#settle(batch, false)
      finished++
    }
    return finished
  }

  /**
   * Sends one batch of queued records and writes its ACKs. Answers how many
   * records it acknowledged (0 when the queue was empty).
   */
  async drainOnce(): Promise<number> {
    await this.recover()
    this.#fees = undefined
    const batch = await this.#submitNext()
    if (!batch) return 0
    await this.#settle(batch, true)
    return batch.tids.length
  }

  /**
   * Drains until the queue is empty, with up to `pipelineDepth` batches in
   * flight; answers how many records were acknowledged. If a batch fails, the
   * batches sent after it stay stored as sent, and the next drain's
   * {@link recover} finishes them.
   */
  async drain(): Promise<number> {
    await this.recover()
    this.#fees = undefined
    const inFlight: { batch: StoredBatch; behind: boolean }[] = []
    let total = 0
    for (;;) {
      while (inFlight.length < this.#pipelineDepth) {
        const batch = await this.#submitNext()
        if (!batch) break
        inFlight.push({ batch, behind: inFlight.length > 0 })
      }
      const oldest = inFlight.shift()
      if (!oldest) return total
      // A batch sent while an earlier one was still being mined is sent again
      // as soon as that one's receipt is in: ganache 7 (the bundled node) may
      // have parked it as a "future" transaction, checking its nonce against
      // the account before the earlier block was saved, and it never looks at
      // it again (ganache issue #4522). Anywhere else the node answers
      // "already known".
      await this.#settle(oldest.batch, !oldest.behind)
      total += oldest.batch.tids.length
    }
  }

  async #feeData(): Promise<FeeData> {
    if (!this.#fees || Date.now() - this.#fees.at > FEE_DATA_TTL_MS) {
      this.#fees = { data: await this.#client.provider.getFeeData(), at: Date.now() }
    }
    return this.#fees.data
  }

  /**
   * Makes the next batch of queued records: signs its transaction and stores
   * it (one write transaction) before broadcasting it. Answers null when the
   * queue is empty.
   */
  async #submitNext(): Promise<StoredBatch | null> {
    const { wallet, ledger, chainId, provider } = this.#client
    // Asked for every batch: if another process sent from this account, the
    // chain is ahead of the store, and the store's nonce alone would be taken.
    const chainNonce = await provider.getTransactionCount(wallet.address, 'pending')
    const fees = await this.#feeData()
    // Read the queue after the await: every batch stored so far has taken its records.
    const queued = this.#store.records.queued(this.#batchSize)
    if (queued.length === 0) return null
    const records = queued.map((r) => JSON.parse(r.chainRecord) as SignedRecord)
    const tids = queued.map((r) => r.tid)
    const data = ledger.interface.encodeFunctionData('submitBatch', [encodeBatch(records)])
    const batch = this.#store.records.recordBatch(
      (nonce) => {
        const tx = Transaction.from({
          type: 2,
          chainId,
          nonce,
          to: this.#client.address,
          data,
          gasLimit: gasLimit(records.length),
          maxFeePerGas: fees.maxFeePerGas ?? fees.gasPrice ?? 0n,
          maxPriorityFeePerGas: fees.maxPriorityFeePerGas ?? 0n
        })
        // Signed synchronously, inside the store's write transaction.
        tx.signature = wallet.signingKey.sign(tx.unsignedHash)
        // Serialized once: ethers serializes again for each of tx.hash and
        // tx.serialized, which is most of a batch's cost on this side.
        const rawTx = tx.serialized
        return { txHash: keccak256(rawTx), rawTx }
      },
      tids,
      chainNonce
    )
    crashPoint('submitted')
    await this.#broadcast(batch)
    return batch
  }

  /**
   * Hands the stored transaction to the node as is: ethers'
   * `broadcastTransaction` would parse it back and recover its sender, an
   * elliptic-curve operation per batch for an answer the TV does not use.
   */
  async #broadcast(batch: StoredBatch): Promise<void> {
    try {
      await this.#client.provider.send('eth_sendRawTransaction', [batch.rawTx])
    } catch (error) {
      // "already known" or "nonce too low" mean the node has (or mined)
      // this very transaction: keep waiting for its receipt.
      this.#log.debug({ err: error, batch: batch.id }, 'broadcast answered with an error')
    }
  }

  /**
   * Waits for a stored batch's receipt (sending it again if `justSent` is
   * false, or if the node seems to have dropped it) and writes its ACKs.
   */
  async #settle(batch: StoredBatch, justSent: boolean): Promise<void> {
    const receipt = await this.#sendAndWait(batch, justSent)
    if (receipt.status !== 1) {
      // The transaction reverted as a whole (never expected: the contract
      // rejects records one by one). Its records go back to the queue.
      this.#store.records.failBatch(batch.id, `reverted in block ${receipt.blockNumber}`)
      this.#log.error({ batch: batch.id, tx: batch.txHash }, 'batch transaction reverted')
      throw makeError('the ledger refused the whole batch; it will be retried', 'UNAVAILABLE')
    }
    crashPoint('mined')
    const event = receipt.logs
      .map((log) => this.#client.ledger.interface.parseLog(log))
      .find((parsed) => parsed?.name === 'BatchAnchored')
    if (!event) throw makeError('the batch was mined without an anchor event', 'INTERNAL')
    const reasons = [...Buffer.from((event.args['outcomes'] as string).slice(2), 'hex')]
    const sent: SentRecord[] = this.#store.records.batchMembers(batch).map((m) => ({
      tid: m.tid,
      record: JSON.parse(m.chainRecord) as SignedRecord,
      signer: m.authorAddress
    }))
    const acks = buildAcks(this.#client.domain, sent, reasons, event.args['root'] as string)
    this.#store.records.applyAcks(
      batch.id,
      { chainBatch: Number(event.args['batchId']), blockNumber: receipt.blockNumber },
      acks
    )
    crashPoint('acked')
    for (const ack of acks) {
      const outcome: RecordOutcome = {
        tid: ack.tid,
        state: ack.reason === 0 ? 'anchored' : 'rejected',
        reason: ack.reason,
        reasonName: reasonName(ack.reason)
      }
      if (ack.reason !== 0) {
        this.#store.auditLog.append({
          actor: 'handshaker',
          action: 'record.rejected',
          subject: ack.tid,
          detail: { reason: ack.reason, reasonName: outcome.reasonName, batch: batch.id }
        })
      }
      this.#onOutcome?.(outcome)
    }
    this.#log.info(
      { batch: batch.id, records: acks.length, block: receipt.blockNumber },
      'batch acknowledged'
    )
  }

  /**
   * Polls for the batch's receipt, sending the stored transaction again
   * whenever none has come within the receipt timeout (or at once, unless it
   * was just sent). A node that already has the transaction, or already mined
   * it, says so; both are fine.
   */
  async #sendAndWait(batch: StoredBatch, justSent: boolean): Promise<TransactionReceipt> {
    const { provider, pollMs } = this.#client
    let sendAt = justSent ? Date.now() + this.#receiptTimeoutMs : 0
    for (;;) {
      const receipt = await provider.getTransactionReceipt(batch.txHash)
      if (receipt && (await this.#confirmed(receipt))) return receipt
      if (!receipt && Date.now() >= sendAt) {
        if (sendAt !== 0) {
          this.#log.debug({ batch: batch.id, tx: batch.txHash }, 'no receipt yet; sending again')
        }
        await this.#broadcast(batch)
        sendAt = Date.now() + this.#receiptTimeoutMs
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs))
    }
  }

  async #confirmed(receipt: TransactionReceipt): Promise<boolean> {
    if (this.#confirmations === 0) return true
    return (await receipt.confirmations()) >= this.#confirmations + 1
  }
}
