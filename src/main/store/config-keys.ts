import { z } from 'zod'
import { ClinicSettings, CloudSettings, LedgerKind } from '../../shared/ipc/schemas'

/**
 * Every workstation setting kept in the local store's `config` table, with
 * its schema and default. Secrets never go here (they go to the keychain or
 * the vault).
 */
export const CONFIG_KEYS = {
  'workstation.id': { schema: z.uuid(), fallback: undefined },
  clinic: { schema: z.object({ name: z.string().min(1) }).nullable(), fallback: null },
  ledger: {
    schema: z.object({
      kind: LedgerKind,
      /** JSON-RPC URL of a remote node (kind `remote`). */
      nodeUrl: z.url().optional(),
      /** Blocks to wait on top of a batch's own before its ACK counts (0 on the bundled node). */
      confirmations: z.int().min(0).max(64).optional(),
      /** The deployed ledger contract, recorded by `deployLedger`. */
      contract: z
        .object({
          address: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
          chainId: z.number().int().positive(),
          deployBlock: z.number().int().nonnegative()
        })
        .optional()
    }),
    fallback: { kind: 'none' as const }
  },
  /** The cloud database and how to reach it; its password is in the secret store. */
  cloud: { schema: CloudSettings, fallback: { engine: 'sqlite' as const } },
  /**
   * When the handshaker anchors the security log's head on the ledger, on its
   * own, after a drain or a sync: once `everyEntries` entries are unanchored,
   * or once the oldest unanchored entry is `maxAgeMinutes` old (see
   * `anchor-policy.ts`). `enabled: false` leaves it to `mediblock audit anchor`.
   */
  'auditLog.anchoring': {
    schema: z.object({
      enabled: z.boolean(),
      everyEntries: z.int().min(1).max(1_000_000),
      maxAgeMinutes: z.int().min(1).max(525_600)
    }),
    fallback: { enabled: true, everyEntries: 100, maxAgeMinutes: 60 }
  },
  /** The clinic's settings for its screens (admins set them: `settings:set`). */
  'clinic.settings': { schema: ClinicSettings, fallback: { autoLockMinutes: 10 } },
  /** Where sync stands: the pull cursor, and the last success and failure of each direction. */
  sync: {
    schema: z.object({
      pullCursor: z.string().nullable(),
      lastPushAt: z.string().nullable(),
      lastPullAt: z.string().nullable(),
      lastError: z.string().nullable(),
      lastErrorAt: z.string().nullable()
    }),
    fallback: {
      pullCursor: null,
      lastPushAt: null,
      lastPullAt: null,
      lastError: null,
      lastErrorAt: null
    }
  }
} as const

export type ConfigKey = keyof typeof CONFIG_KEYS
export type ConfigValue<K extends ConfigKey> = z.output<(typeof CONFIG_KEYS)[K]['schema']>
