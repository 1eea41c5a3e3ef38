import { z } from 'zod'
import { LedgerKind } from './app'
import { Address, ErrorCodeSchema } from './common'

/**
 * Which ledger a new clinic uses: the bundled node (a new contract is
 * deployed on it), or an existing MediBlock ledger on a remote node.
 */
export const LedgerChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled') }).strict(),
  z
    .object({
      kind: z.literal('remote'),
      nodeUrl: z.url({ protocol: /^https?$/ }),
      contract: Address,
      /** Blocks to wait on top of a batch's own before its ACK counts. */
      confirmations: z.int().min(0).max(64).default(1)
    })
    .strict()
])
export type LedgerChoice = z.infer<typeof LedgerChoice>

/** `ledger:test`: a node URL, and the ledger contract expected there if known. */
export const LedgerTestRequest = z
  .object({
    nodeUrl: z.url({ protocol: /^https?$/ }),
    contract: Address.optional()
  })
  .strict()

/**
 * `ledger:test`: the node answers (its chain id and latest block), and when
 * a contract was given, it is a MediBlock ledger; or what is wrong, with a
 * stable code and one sentence.
 */
export const LedgerTestResult = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    chainId: z.int().positive(),
    latestBlock: z.int().nonnegative(),
    /** The contract's address as checked; null when none was given. */
    contract: Address.nullable()
  }),
  z.object({
    ok: z.literal(false),
    code: ErrorCodeSchema,
    problem: z.string()
  })
])
export type LedgerTestResult = z.infer<typeof LedgerTestResult>

/** `ledger:status`: the workstation's ledger, and whether its node answers now. */
export const LedgerStatus = z.object({
  kind: LedgerKind,
  /** The remote node's URL; the bundled node's loopback URL while it runs; else null. */
  nodeUrl: z.string().nullable(),
  chainId: z.int().positive().nullable(),
  contract: Address.nullable(),
  deployBlock: z.int().nonnegative().nullable(),
  confirmations: z.int().nonnegative().nullable(),
  reachable: z.boolean(),
  latestBlock: z.int().nonnegative().nullable(),
  /** The handshaker account that sends batches (a device secret's address). */
  handshaker: z.object({
    address: Address.nullable(),
    /** Its balance in wei, as a decimal string; null when the node cannot be asked. */
    balanceWei: z.string().regex(/^\d+$/).nullable()
  }),
  /** The trust notice of DESIGN.md for the bundled node; null for a remote one. */
  trustNotice: z.string().nullable(),
  /** What is wrong, in words; null when the node answers. */
  problem: z.string().nullable()
})
export type LedgerStatus = z.infer<typeof LedgerStatus>
