import type { Kysely } from 'kysely'
import type { MediblockError } from '../../../shared/errors'
import type { CloudTarget, SqlFamily } from '../cloud-target'
import type { CloudDatabase } from '../schema/tables'

/**
 * One engine's connection to the cloud store: a Kysely instance over its
 * driver, and what differs between engines besides SQL (limits, versions,
 * what its errors mean). Made by `connectEngine`; nothing is contacted
 * until the first query.
 */
export interface CloudConnection {
  readonly target: CloudTarget
  readonly family: SqlFamily
  readonly db: Kysely<CloudDatabase>
  /**
   * Most rows one INSERT or `IN (...)` list carries: within every engine's
   * bound-parameter limit, and the Data API's 4 MiB request and 1 MiB
   * response limits.
   */
  readonly rowsPerStatement: number
  /** The server's product and version in words, e.g. `PostgreSQL 15.18`. */
  serverVersion(): Promise<string>
  /**
   * A driver's error as a coded one whose message says what is wrong
   * (unreachable, authentication, no such database, ...) without SQL or
   * stack; the driver's error stays as its `cause`, for the log.
   */
  classify(error: unknown): MediblockError
  /** Ends every connection; idempotent. */
  close(): Promise<void>
}
