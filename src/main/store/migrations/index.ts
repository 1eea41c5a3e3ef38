import { migration001 } from './001-config'
import { migration002 } from './002-people-and-audit'
import { migration003 } from './003-records-and-queue'
import { migration004 } from './004-templates'
import { migration005 } from './005-sync'
import { migration006 } from './006-log-anchors'
import type { Migration } from './migration'

export type { Migration } from './migration'

/** Every migration of the local store, in order. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006
]
