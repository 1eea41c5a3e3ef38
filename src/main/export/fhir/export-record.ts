import type { TemplateDefinition } from '../../../shared/templates'
import type { SignedRecord } from '../../chain/record-encoding'
import type { RecordDocument } from '../../handshaker/transaction-generator'

/** Where and how a record was anchored: everything its Merkle proof needs. */
export interface RecordAnchor {
  /** The batch id the ledger gave the batch (`batch(uint256)` holds its root). */
  readonly chainBatch: number
  readonly txHash: string
  readonly blockNumber: number
  /** The record's position in its batch. */
  readonly leafIndex: number
  /** Sibling hashes from the leaf up to the root (OpenZeppelin MerkleProof order). */
  readonly proof: readonly string[]
  /** When this workstation (or the one that wrote it) took the ledger's ACK. */
  readonly anchoredAt: string
}

/** The ledger a clinic's records are anchored on: its chain and contract. */
export interface LedgerRef {
  readonly chainId: number
  readonly address: string
}

/** An anchored record as the export takes it: decrypted, with its signed form and its proof. */
export interface ExportRecord {
  /** The exact template version the record was signed under. */
  readonly template: TemplateDefinition
  /** T_I, decrypted. */
  readonly document: RecordDocument
  /** T_I's canonical JSON (RFC 8785): the preimage of the signed commitment. */
  readonly canonical: string
  /** What the clinician signed (EIP-712) and what went into the batch. */
  readonly signed: SignedRecord
  /** The clinician's address, as the store knows it (the signature must recover it). */
  readonly clinician: string
  readonly anchor: RecordAnchor
}

/** A clinician who authored an exported record. */
export interface ExportAuthor {
  readonly address: string
  readonly username: string
  readonly displayName: string
}

/** The patient as the export shows them (decrypted from the local store). */
export interface ExportPatient {
  readonly id: string
  readonly name: string
  readonly dateOfBirth: string
  readonly sex: 'female' | 'male' | 'other' | 'unknown'
  readonly mrn?: string | undefined
}
