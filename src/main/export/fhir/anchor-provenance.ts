import type { Extension, Practitioner, Provenance, Reference, Resource } from '@medplum/fhirtypes'
import { hexlify, keccak256, recoverAddress, Signature, toUtf8Bytes } from 'ethers'
import { packValues } from '../../../shared/rules'
import {
  LEDGER_DOMAIN_NAME,
  LEDGER_DOMAIN_VERSION,
  ledgerDomain,
  recordDigest
} from '../../chain/record-encoding'
import type { ExportRecord, LedgerRef } from './export-record'
import { EXTENSION, NAMING, SYSTEM } from './fhir-codes'
import { derivedUuid } from './resource-ids'

/** The record's EIP-712 digest under the ledger's domain. */
export function digestOf(record: ExportRecord, ledger: LedgerRef): string {
  return recordDigest(ledgerDomain(ledger.chainId, ledger.address), record.signed)
}

/**
 * Why this workstation's copy of a record would not verify where it is
 * sent, or `null` when it would as far as can be told offline: T_I must be
 * the preimage of the signed commitment and name the same record, and the
 * signature must recover the clinician. (The Merkle proof is checked by the
 * receiver against the ledger; the store took it from the ledger's ACK.)
 */
export function selfCheck(record: ExportRecord, ledger: LedgerRef): string | null {
  const { document, signed } = record
  if (keccak256(toUtf8Bytes(record.canonical)) !== hexlify(signed.commitment)) {
    return 'the decrypted record does not match its signed commitment'
  }
  if (
    document.tid !== hexlify(signed.tid) ||
    document.template.id !== signed.templateId ||
    document.template.version !== signed.templateVersion
  ) {
    return 'the decrypted record names another record than its signed form'
  }
  let signer: string
  try {
    signer = recoverAddress(digestOf(record, ledger), Signature.from(signed.signature))
  } catch {
    return 'the signature is malformed'
  }
  if (signer.toLowerCase() !== record.clinician.toLowerCase()) {
    return 'the signature does not recover the clinician'
  }
  return null
}

const base64OfHex = (hex: string) => Buffer.from(hex.replace(/^0x/, ''), 'hex').toString('base64')

/** The ledger contract as an identifier (CAIP-10: `eip155:<chainId>:<address>`). */
export function ledgerIdentifier(ledger: LedgerRef) {
  return { system: NAMING.ledger, value: `eip155:${ledger.chainId}:${ledger.address}` }
}

/** The anchor extension: where the record is on chain, and its Merkle proof. */
function anchorExtension(record: ExportRecord, ledger: LedgerRef): Extension {
  const { anchor } = record
  return {
    url: EXTENSION.anchor,
    extension: [
      // A string: a chain id may outgrow FHIR's 32-bit integer.
      { url: 'chainId', valueString: String(ledger.chainId) },
      { url: 'ledger', valueString: ledger.address },
      { url: 'batchId', valueUnsignedInt: anchor.chainBatch },
      { url: 'txHash', valueString: anchor.txHash },
      { url: 'blockNumber', valueUnsignedInt: anchor.blockNumber },
      { url: 'leafIndex', valueUnsignedInt: anchor.leafIndex },
      // In order, from the leaf's sibling up to the root's child.
      ...anchor.proof.map((node) => ({ url: 'proof', valueString: node }))
    ]
  }
}

/** The signed-record extension: the EIP-712 message, field by field, as the clinician signed it. */
function signedRecordExtension(record: ExportRecord, ledger: LedgerRef): Extension {
  const { signed } = record
  return {
    url: EXTENSION.signedRecord,
    extension: [
      { url: 'domainName', valueString: LEDGER_DOMAIN_NAME },
      { url: 'domainVersion', valueString: LEDGER_DOMAIN_VERSION },
      { url: 'tid', valueString: hexlify(signed.tid) },
      { url: 'templateId', valueUnsignedInt: signed.templateId },
      { url: 'templateVersion', valueUnsignedInt: signed.templateVersion },
      { url: 'seq', valueUnsignedInt: signed.seq },
      { url: 'values', valueString: hexlify(packValues(signed.values)) },
      { url: 'patient', valueString: hexlify(signed.patient) },
      { url: 'commitment', valueString: hexlify(signed.commitment) },
      // Given for convenience; a receiver recomputes it from the fields above.
      { url: 'digest', valueString: digestOf(record, ledger) },
      { url: 'signer', valueString: record.clinician.toLowerCase() }
    ]
  }
}

export interface ProvenanceInput {
  /** The resources the record became (the Patient for a registration). */
  readonly targets: readonly Reference<Resource>[]
  /** The clinician's Practitioner. */
  readonly author: Reference<Practitioner>
  /** The resource of the record this one corrects, when it corrects one. */
  readonly revises?: Reference | undefined
}

/**
 * One record's Provenance: its targets, its author and their signature
 * (Provenance.signature, the 65-byte r‖s‖v secp256k1 signature of the
 * EIP-712 digest, base64), and the three MediBlock extensions a receiver
 * verifies it with (docs/FHIR.md): the anchor, the signed record and the
 * salted canonical record.
 */
export function anchorProvenance(
  record: ExportRecord,
  ledger: LedgerRef,
  input: ProvenanceInput
): Provenance {
  const { document, signed, anchor } = record
  const supersedes = document.supersedes
  return {
    resourceType: 'Provenance',
    id: derivedUuid('provenance', document.tid),
    extension: [
      anchorExtension(record, ledger),
      signedRecordExtension(record, ledger),
      {
        url: EXTENSION.recordDocument,
        valueBase64Binary: Buffer.from(record.canonical, 'utf8').toString('base64')
      }
    ],
    target: [...input.targets],
    occurredDateTime: document.time,
    recorded: anchor.anchoredAt,
    activity: {
      coding: [
        supersedes
          ? { system: SYSTEM.dataOperation, code: 'UPDATE', display: 'revise' }
          : { system: SYSTEM.dataOperation, code: 'CREATE', display: 'create' }
      ]
    },
    agent: [
      {
        type: {
          coding: [{ system: SYSTEM.participantType, code: 'author', display: 'Author' }]
        },
        who: input.author
      },
      {
        type: {
          coding: [{ system: SYSTEM.participantType, code: 'verifier', display: 'Verifier' }]
        },
        who: {
          identifier: ledgerIdentifier(ledger),
          display: `MediBlock ledger ${ledger.address} on chain ${ledger.chainId}`
        }
      }
    ],
    ...(input.revises ? { entity: [{ role: 'revision' as const, what: input.revises }] } : {}),
    signature: [
      {
        type: [
          {
            system: SYSTEM.signatureType,
            code: '1.2.840.10065.1.12.1.1',
            display: "Author's Signature"
          }
        ],
        when: document.time,
        who: input.author,
        data: base64OfHex(Signature.from(signed.signature).serialized)
      }
    ]
  }
}
