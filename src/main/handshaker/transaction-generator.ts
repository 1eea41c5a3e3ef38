import { randomBytes } from 'node:crypto'
import canonicalize from 'canonicalize'
import {
  dataSlice,
  hexlify,
  keccak256,
  toUtf8Bytes,
  type SigningKey,
  type TypedDataDomain
} from 'ethers'
import { makeError } from '../../shared/errors'
import { chainValues, type TemplateDefinition } from '../../shared/templates'
import { signRecord, type SignedRecord } from '../chain/record-encoding'
import type { Attributes } from './attributes'

/** The record format version inside every T_I. */
export const RECORD_FORMAT = 1

/**
 * T_I: the full record as the clinician entered it, with a random salt.
 * Its canonical JSON (RFC 8785) is what the commitment commits to and what is
 * stored, encrypted, locally and in the cloud. Never on chain.
 */
export interface RecordDocument {
  readonly v: typeof RECORD_FORMAT
  readonly tid: string
  readonly template: { readonly id: number; readonly version: number; readonly hash: string }
  readonly patient: string
  readonly author: { readonly username: string; readonly address: string }
  readonly time: string
  readonly attributes: Attributes
  readonly supersedes: string | null
  /** 32 random bytes, so that low-entropy values cannot be guessed from the commitment. */
  readonly salt: string
}

export interface GenerateRecordInput {
  readonly template: TemplateDefinition
  readonly templateHash: string
  readonly patient: { readonly id: string; readonly pseudonym: string }
  readonly author: {
    readonly username: string
    readonly address: string
    readonly signingKey: SigningKey
  }
  readonly attributes: Attributes
  readonly seq: number
  readonly supersedes?: string | null
  readonly now?: Date
  /** Test hook: a fixed tid. */
  readonly tid?: string
}

/** What TG makes of one entry: T_I (canonical text) and the signed T_C. */
export interface GeneratedRecord {
  readonly document: RecordDocument
  /** RFC 8785 canonical JSON of the document: the bytes that are encrypted and committed to. */
  readonly canonical: string
  readonly commitment: string
  readonly chainRecord: SignedRecord
}

/** The canonical JSON (RFC 8785) of a record document. */
export function canonicalRecord(document: RecordDocument): string {
  const text = canonicalize(document)
  if (text === undefined) throw makeError('record cannot be canonicalized', 'INTERNAL')
  return text
}

/** The commitment to a record: keccak256 of its salted canonical JSON. */
export function recordCommitment(canonical: string): string {
  return keccak256(toUtf8Bytes(canonical))
}

/**
 * TG, the transaction generator: builds T_I (canonical, salted), commits to
 * it, maps the template's r validated attributes to the integers the
 * contract checks, and has the clinician's key sign the EIP-712 record.
 */
export function generateRecord(
  input: GenerateRecordInput,
  domain: TypedDataDomain
): GeneratedRecord {
  const { template } = input
  const tid = input.tid ?? hexlify(randomBytes(16))
  const document: RecordDocument = {
    v: RECORD_FORMAT,
    tid,
    template: { id: template.id, version: template.version, hash: input.templateHash },
    patient: input.patient.id,
    author: { username: input.author.username, address: input.author.address.toLowerCase() },
    time: (input.now ?? new Date()).toISOString(),
    attributes: input.attributes,
    supersedes: input.supersedes ?? null,
    salt: hexlify(randomBytes(32))
  }
  const canonical = canonicalRecord(document)
  const commitment = recordCommitment(canonical)
  const numeric: Record<string, number | string> = {}
  for (const [key, value] of Object.entries(input.attributes)) {
    if (typeof value !== 'boolean') numeric[key] = value
  }
  const chainRecord = signRecord(input.author.signingKey, domain, {
    tid,
    templateId: template.id,
    templateVersion: template.version,
    seq: input.seq,
    values: chainValues(template, numeric),
    // The chain carries the first 16 bytes of the pseudonym: unlinkable
    // without the clinic secret, and 16 bytes less calldata per record.
    patient: dataSlice(input.patient.pseudonym, 0, 16),
    commitment
  })
  return { document, canonical, commitment, chainRecord }
}
