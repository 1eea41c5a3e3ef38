import { z } from 'zod'
import { Address, NewPassword, Username } from './common'
import { CloudChoice, CloudSummary } from './cloud'
import { LedgerChoice } from './ledger'
import { SessionState } from './session'

/** `clinic:init`: everything the first-run wizard gathers. */
export const ClinicInitRequest = z
  .object({
    clinicName: z.string().trim().min(1).max(200),
    admin: z
      .object({
        username: Username,
        displayName: z.string().trim().min(1).max(200),
        password: NewPassword
      })
      .strict(),
    ledger: LedgerChoice,
    /** The cloud database; the embedded stand-in when left out. */
    cloud: CloudChoice.optional()
  })
  .strict()
export type ClinicInitRequest = z.infer<typeof ClinicInitRequest>

/** What `clinic:init` did; the session is logged in as the new admin. */
export const ClinicInitResult = z.object({
  clinic: z.string(),
  admin: z.string(),
  /** On a remote ledger, its admin grants this address the admin role to register clinicians. */
  adminAddress: Address,
  ledger: z.object({
    kind: z.enum(['bundled', 'remote']),
    address: Address,
    chainId: z.int().positive(),
    nodeUrl: z.string().nullable()
  }),
  /** The account that sends batches; on a remote ledger, its admin must grant and fund it. */
  handshaker: Address,
  secretStore: z.enum(['keychain', 'vault']),
  cloud: CloudSummary,
  /** What is left to do, in words (remote ledger grants, a cloud schema to migrate). */
  notices: z.array(z.string()),
  session: SessionState
})
export type ClinicInitResult = z.infer<typeof ClinicInitResult>
