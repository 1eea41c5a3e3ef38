import { Transaction, type TransactionReceipt } from 'ethers'
import { makeError } from '../../shared/errors'
import { reasonName } from '../../shared/rules'
import type { SignedRecord } from '../chain/record-encoding'
import { encodeBatch } from '../chain/record-encoding'
import type { Logger } from '../log/logger'
import type { LocalStore } from '../store/local-store'
import type { StoredBatch } from '../store/records-repo'
import { buildAcks } from './acks'
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
  /** Blocks to wait on top of the one that mined a batch (0 on the bundled node). */
  readonly confirmations?: number
  /** How long to wait for a receipt before sending the same transaction again. */
  readonly receiptTimeoutMs?: number
  /** Hears each record's ACK as soon as it is written. */
  readonly onOutcome?: (outcome: RecordOutcome) => void
}

/** Records in one batch transaction unless the caller says otherwise. */
export const DEFAULT_BATCH_SIZE = 64

/** Gas a batch may use: a fixed part and a per-record part, both with margin. */
function gasLimit(records: number): bigint {
  return 80_000n + 30_000n * BigInt(records)
}

/**
 * TV, the transaction validator: takes queued records in batches, sends each
 * batch as one transaction from the handshaker's account, waits for its
 * receipt, and turns the contract's outcome into each record's ACK.
 *
 * Crash safety: a batch's signed transaction is stored (with its nonce and
 * hash) before it is sent. After a restart, {@link recover} sends that same
 * transaction again, or finds its receipt if it was mined, so a record is
 * never anchored twice and never lost. Nothing reaches the cloud outbox
 * without a valid ACK (the store writes both in one transaction).
 */
export class TransactionValidator {
  readonly #store: LocalStore
  readonly #client: LedgerClient
  readonly #log: Logger
  readonly #batchSize: number
  readonly #confirmations: number
  readonly #receiptTimeoutMs: number
  readonly #onOutcome: ((outcome: RecordOutcome) => void) | undefined

  constructor(options: TransactionValidatorOptions) {
    this.#store = options.store
    this.#client = options.client
    this.#log = options.log
    this.#batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE
    this.#confirmations = options.confirmations ?? 0
    this.#receiptTimeoutMs = options.receiptTimeoutMs ?? 30_000
    this.#onOutcome = options.onOutcome
  }

  /** Finishes the batches a previous run sent but never saw mined. */
  async recover(): Promise<number> {
    let finished = 0
    for (const batch of this.#store.records.pendingBatches()) {
      await this.#settle(batch)
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
    const queued = this.#store.records.queued(this.#batchSize)
    if (queued.length === 0) return 0
    const records = queued.map((r) => JSON.parse(r.chainRecord) as SignedRecord)
    const tids = queued.map((r) => r.tid)
    const { wallet, ledger, provider, chainId } = this.#client
    const chainNonce = await provider.getTransactionCount(wallet.address, 'pending')
    const fees = await provider.getFeeData()
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
        return { txHash: tx.hash ?? '', rawTx: tx.serialized }
      },
      tids,
      chainNonce
    )
    crashPoint('submitted')
    await this.#settle(batch)
    return tids.length
  }

  /** Drains until the queue is empty; answers how many records were acknowledged. */
  async drain(): Promise<number> {
    let total = 0
    for (;;) {
      const n = await this.drainOnce()
      if (n === 0) return total
      total += n
    }
  }

  /** Sends (or re-sends) a stored batch and writes its ACKs once mined. */
  async #settle(batch: StoredBatch): Promise<void> {
    const receipt = await this.#sendAndWait(batch)
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
    const records = batch.tids.map(
      (tid) => JSON.parse(this.#store.records.get(tid).chainRecord) as SignedRecord
    )
    const acks = buildAcks(
      this.#client.domain,
      batch.tids,
      records,
      reasons,
      event.args['root'] as string
    )
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
   * Broadcasts the stored transaction (a node that already has it, or already
   * mined it, says so; both are fine) and polls for its receipt, sending it
   * again if the node seems to have dropped it.
   */
  async #sendAndWait(batch: StoredBatch): Promise<TransactionReceipt> {
    const { provider } = this.#client
    for (;;) {
      const existing = await provider.getTransactionReceipt(batch.txHash)
      if (existing && (await this.#confirmed(existing))) return existing
      if (!existing) {
        try {
          await provider.broadcastTransaction(batch.rawTx)
        } catch (error) {
          // "already known" or "nonce too low" mean the node has (or mined)
          // this very transaction: keep waiting for its receipt.
          this.#log.debug({ err: error, batch: batch.id }, 'broadcast answered with an error')
        }
      }
      const deadline = Date.now() + this.#receiptTimeoutMs
      while (Date.now() < deadline) {
        const receipt = await provider.getTransactionReceipt(batch.txHash)
        if (receipt && (await this.#confirmed(receipt))) return receipt
        await new Promise((resolve) => setTimeout(resolve, this.#client.pollMs))
      }
      this.#log.warn({ batch: batch.id, tx: batch.txHash }, 'no receipt yet; sending again')
    }
  }

  async #confirmed(receipt: TransactionReceipt): Promise<boolean> {
    if (this.#confirmations === 0) return true
    return (await receipt.confirmations()) >= this.#confirmations + 1
  }
}
