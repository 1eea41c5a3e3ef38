import { migration001 } from './001-config'
import type { Migration } from './migration'

export type { Migration } from './migration'

/** Every migration of the local store, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [migration001]
