import { recoverAddress, Signature, ZeroAddress, type TypedDataDomain } from 'ethers'
import { makeError } from '../../shared/errors'
import { REASON } from '../../shared/rules'
import { batchTree, type LeafOutcome } from '../chain/merkle'
import { recordDigest, type SignedRecord } from '../chain/record-encoding'
import type { RecordAck } from '../store/records-repo'

/** The signer the contract recovers from a record's signature, or zero for a malformed one. */
function recoveredSigner(digest: string, signature: string): string {
  try {
    return recoverAddress(digest, Signature.from(signature))
  } catch {
    return ZeroAddress
  }
}

/**
 * Turns a mined batch's outcomes (one reason code per record, from the
 * `BatchAnchored` event) into each record's ACK with its Merkle proof. The
 * tree is rebuilt from the records as sent; its root must be the one the
 * contract anchored, or nothing is acknowledged.
 */
export function buildAcks(
  domain: TypedDataDomain,
  tids: readonly string[],
  records: readonly SignedRecord[],
  reasons: readonly number[],
  anchoredRoot: string
): RecordAck[] {
  if (records.length !== reasons.length || records.length !== tids.length) {
    throw makeError('the batch outcome does not match the batch', 'INTERNAL', {
      records: records.length,
      reasons: reasons.length
    })
  }
  const outcomes: LeafOutcome[] = records.map((record, i) => {
    const digest = recordDigest(domain, record)
    const reason = reasons[i] ?? REASON.BAD_SIGNATURE
    return { tid: record.tid, digest, signer: recoveredSigner(digest, record.signature), reason }
  })
  const tree = batchTree(outcomes)
  if (tree.root !== anchoredRoot) {
    throw makeError('the anchored root differs from the batch as sent', 'INTERNAL', {
      expected: tree.root,
      anchored: anchoredRoot
    })
  }
  return outcomes.map((o, i) => ({
    tid: tids[i] ?? '',
    reason: o.reason,
    leafIndex: i,
    proof: tree.getProof(i)
  }))
}
