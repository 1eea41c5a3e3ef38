import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect } from 'vitest'
import { createApp, type App } from '../../../src/main/core/create-app'
import { createSession, type Session } from '../../../src/main/core/session'
import { createRouter, type Router } from '../../../src/main/ipc/router'
import type { ErrorCode } from '../../../src/shared/errors'
import type {
  ChannelName,
  ChannelRequest,
  ChannelResponse,
  EventName,
  EventPayload
} from '../../../src/shared/ipc/channels'
import type { RpcResult } from '../../../src/shared/ipc/result'
import { ROOT } from '../../support/cli'

export const ADMIN = { username: 'alice', displayName: 'Alice Admin', password: 'admin-pass-1' }

/** The core finds the built bundled node, and keeps secrets in the vault (no keychain here). */
export function useBuiltNode(): void {
  process.env['MEDIBLOCK_NODE_ENTRY'] = resolve(ROOT, 'out/main/ganache-node.js')
  process.env['MEDIBLOCK_SECRET_STORE'] = 'vault'
}

/** One face's session on the router, as a screen would call it. */
export interface IpcClient {
  readonly session: Session
  /** The raw answer, `{ok, value}` or `{ok: false, error}`. */
  result<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<RpcResult<unknown>>
  /** The value; fails the test on an error. */
  call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>>
  /** The error's code (and message); fails the test on success. */
  fails(channel: ChannelName, request: unknown): Promise<{ code: ErrorCode; message: string }>
}

export interface IpcHarness {
  readonly app: App
  readonly route: Router
  /** Every event emitted so far, in order. */
  readonly events: { name: EventName; payload: unknown }[]
  client(): IpcClient
  /** Resolves with the first event (seen so far or to come) that `match` accepts. */
  event<E extends EventName>(
    name: E,
    match: (payload: EventPayload<E>) => boolean,
    timeoutMs?: number
  ): Promise<EventPayload<E>>
  close(): Promise<void>
}

/** A real core on a fresh data dir, and its router checking every response against the contract. */
export async function ipcHarness(): Promise<IpcHarness> {
  useBuiltNode()
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-ipc-'))
  const app = await createApp({ dataDir, face: 'browser', logLevel: 'silent' })
  const route = createRouter(app, { validateResponses: true })
  const events: { name: EventName; payload: unknown }[] = []
  app.events.subscribe((name, payload) => events.push({ name, payload }))
  return {
    app,
    route,
    events,
    client() {
      const session = createSession()
      const result = (channel: ChannelName, request: unknown) => route(session, channel, request)
      return {
        session,
        result,
        async call(channel, request) {
          const answer = await result(channel, request)
          if (!answer.ok) {
            throw new Error(`${channel}: ${answer.error.code}: ${answer.error.message}`)
          }
          return answer.value as never
        },
        async fails(channel, request) {
          const answer = await result(channel, request)
          expect(answer.ok, `${channel} should fail`).toBe(false)
          if (answer.ok) throw new Error('unreachable')
          expect(answer.error.message).not.toMatch(/\n\s+at |SELECT|INSERT/)
          return answer.error
        }
      }
    },
    async event(name, match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs
      for (;;) {
        const found = events.find(
          (e) => e.name === name && match(e.payload as EventPayload<typeof name>)
        )
        if (found) return found.payload as EventPayload<typeof name>
        if (Date.now() > deadline) throw new Error(`no ${name} event in ${timeoutMs} ms`)
        await new Promise((r) => setTimeout(r, 20))
      }
    },
    async close() {
      await app.close('test finished')
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** Sets up a clinic on the bundled node through `clinic:init`; answers the admin's client. */
export async function initBundledClinic(harness: IpcHarness): Promise<IpcClient> {
  const admin = harness.client()
  await admin.call('clinic:init', {
    clinicName: 'Riverside Clinic',
    admin: ADMIN,
    ledger: { kind: 'bundled' }
  })
  return admin
}

/** An admin adds a user and answers a client logged in as them. */
export async function userClient(
  harness: IpcHarness,
  admin: IpcClient,
  user: { username: string; role: 'doctor' | 'nurse' | 'pathologist' | 'auditor' | 'admin' }
): Promise<IpcClient> {
  const password = `${user.username}-pass-1`
  await admin.call('users:create', {
    username: user.username,
    displayName: `${user.username} (${user.role})`,
    role: user.role,
    password
  })
  const client = harness.client()
  await client.call('session:login', { username: user.username, password })
  return client
}
