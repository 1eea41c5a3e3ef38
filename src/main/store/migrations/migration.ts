import type { Database } from 'better-sqlite3'

/** One numbered schema step of the local store. Never edit one that shipped. */
export interface Migration {
  readonly version: number
  readonly name: string
  up(db: Database): void
}
