import { z } from 'zod'
import { ROLES } from '../roles'

/** Requests of channels that take no arguments: exactly `{}`. */
export const Empty = z.object({}).strict()

/** Where the renderer runs: the desktop window, a browser tab, or none (CLI). */
export const Face = z.enum(['electron', 'browser', 'cli'])
export type Face = z.infer<typeof Face>

/** Kinds of ledger a workstation can be attached to. */
export const LedgerKind = z.enum(['none', 'bundled', 'remote'])
export type LedgerKind = z.infer<typeof LedgerKind>

/** Cloud database engines (DESIGN.md, Stores). */
export const CloudEngine = z.enum(['sqlite', 'postgres', 'mysql', 'data-api'])
export type CloudEngine = z.infer<typeof CloudEngine>

/** What `app:info` answers: enough for the first screen and `mediblock status`. */
export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  face: Face,
  dataDir: z.string(),
  workstationId: z.uuid(),
  startedAt: z.iso.datetime(),
  localStore: z.object({
    path: z.string(),
    schemaVersion: z.int().nonnegative()
  }),
  clinic: z.object({ name: z.string() }).nullable(),
  ledger: z.object({ kind: LedgerKind }),
  cloud: z.object({ engine: CloudEngine, embedded: z.boolean() })
})
export type AppInfo = z.infer<typeof AppInfo>

/** The logged-in user of a session, as the renderer may see it. */
export const SessionUser = z.object({
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES)
})
export type SessionUser = z.infer<typeof SessionUser>

/** A session's state: who is logged in, and whether the screen is locked. */
export const SessionState = z.object({
  user: SessionUser.nullable(),
  locked: z.boolean()
})
export type SessionState = z.infer<typeof SessionState>

/** Facts an admin needs when something goes wrong; no PHI. */
export const Diagnostics = z.object({
  pid: z.int().positive(),
  uptimeSeconds: z.number().nonnegative(),
  versions: z.object({
    app: z.string(),
    node: z.string(),
    electron: z.string().nullable(),
    sqlite: z.string()
  }),
  memory: z.object({ rssBytes: z.int(), heapUsedBytes: z.int() }),
  logFile: z.string()
})
export type Diagnostics = z.infer<typeof Diagnostics>
