import { z } from 'zod'
import { ERROR_CODES } from '../../errors'

/** Requests of channels that take no arguments: exactly `{}`. */
export const Empty = z.object({}).strict()

/** A username as typed; the core checks its exact form (see `keys/username.ts`). */
export const Username = z.string().min(1).max(64)

/** A password someone gives (login, unlock): never logged, never echoed. */
export const Password = z.string().min(1).max(1024)

/** A password for a new key: the core's policy (8 to 1,024 characters). */
export const NewPassword = z.string().min(8).max(1024)

/** A record's id: 16 random bytes, hex with `0x`. */
export const Tid = z.string().regex(/^0x[0-9a-f]{32}$/, 'a tid is 0x and 32 hex digits')

/** A patient's id (a UUID on this and every workstation of the clinic). */
export const PatientId = z.string().min(1).max(64)

/** An Ethereum address, checksummed or not. */
export const Address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'an address is 0x and 40 hex digits')

/** A stable error code (see `src/shared/errors.ts`), for answers that report a failure as data. */
export const ErrorCodeSchema = z.enum(ERROR_CODES)

/**
 * A file the core made for the user to download: its content (text), and
 * where the core also wrote it in the data dir.
 */
export const DownloadFile = z.object({
  /** A file name to offer the browser (no folders). */
  fileName: z.string(),
  mediaType: z.string(),
  content: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.int().nonnegative(),
  /** Where the core wrote it (the data dir's exports/ folder, owner-only). */
  path: z.string()
})
export type DownloadFile = z.infer<typeof DownloadFile>
