import { ZeroAddress, type TypedDataDomain } from 'ethers'
import { makeError } from '../../shared/errors'
import { REASON } from '../../shared/rules'
import { batchTree, type BatchTree, type LeafOutcome } from '../chain/merkle'
import { recordDigest, type SignedRecord } from '../chain/record-encoding'
import { recoverSigner } from '../chain/recover-signer'
import type { RecordAck } from '../store/records-repo'

/** One record of a mined batch, as the handshaker sent it. */
export interface SentRecord {
  readonly tid: string
  readonly record: SignedRecord
  /**
   * Who the handshaker believes signed it (the author it signed for), or
   * null to recover the signer from the signature as the contract does.
   */
  readonly signer: string | null
}

/** The signer the contract recovers from a record's signature, or zero for a malformed one. */
function recoveredSigner(digest: string, signature: string): string {
  try {
    return recoverSigner(digest, signature)
  } catch {
    return ZeroAddress
  }
}

/**
 * Turns a mined batch's outcomes (one reason code per record, from the
 * `BatchAnchored` event) into each record's ACK with its Merkle proof. The
 * tree is rebuilt from the records as sent; its root must be the one the
 * contract anchored, or nothing is acknowledged.
 *
 * Each leaf carries the signer the contract recovered. Recovering it again
 * here is the costliest step of an ACK (an elliptic-curve recovery per
 * record), and the handshaker already knows who signed: the author it signed
 * for. So the tree is built with the known signers first; the anchored root
 * proves them right, since a single wrong signer would change it. Only when
 * the root differs are the signers recovered, as the contract did.
 */
export function buildAcks(
  domain: TypedDataDomain,
  sent: readonly SentRecord[],
  reasons: readonly number[],
  anchoredRoot: string
): RecordAck[] {
  if (sent.length !== reasons.length) {
    throw makeError('the batch outcome does not match the batch', 'INTERNAL', {
      records: sent.length,
      reasons: reasons.length
    })
  }
  const digests = sent.map((s) => recordDigest(domain, s.record))
  const outcomes = (signerOf: (s: SentRecord, digest: string) => string): LeafOutcome[] =>
    sent.map((s, i) => {
      const digest = digests[i] ?? ''
      const reason = reasons[i] ?? REASON.BAD_SIGNATURE
      return { tid: s.record.tid, digest, signer: signerOf(s, digest), reason }
    })
  let tree: BatchTree = batchTree(
    outcomes((s, digest) => s.signer ?? recoveredSigner(digest, s.record.signature))
  )
  if (tree.root !== anchoredRoot && sent.some((s) => s.signer !== null)) {
    tree = batchTree(outcomes((s, digest) => recoveredSigner(digest, s.record.signature)))
  }
  if (tree.root !== anchoredRoot) {
    throw makeError('the anchored root differs from the batch as sent', 'INTERNAL', {
      expected: tree.root,
      anchored: anchoredRoot
    })
  }
  return sent.map((s, i) => ({
    tid: s.tid,
    reason: reasons[i] ?? REASON.BAD_SIGNATURE,
    leafIndex: i,
    proof: tree.getProof(i)
  }))
}
