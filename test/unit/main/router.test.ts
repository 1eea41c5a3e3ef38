import { describe, expect, it } from 'vitest'
import { makeError } from '../../../src/shared/errors'
import { HANDLERS, type Handlers } from '../../../src/main/ipc/handlers'
import { createRouter } from '../../../src/main/ipc/router'
import { sessionAs, testApp } from '../../support/test-app'

describe('router', () => {
  it('answers a public channel with the core value', async () => {
    const app = await testApp()
    const result = await createRouter(app)(sessionAs(null), 'app:info', {})
    expect(result).toMatchObject({
      ok: true,
      value: { name: 'MediBlock', dataDir: app.paths.root }
    })
  })

  it('refuses a payload that breaks the schema with INVALID_ARGUMENT', async () => {
    const app = await testApp()
    const route = createRouter(app)
    for (const bad of [{ extra: 1 }, 'text', 42, null, undefined, []]) {
      const result = await route(sessionAs(null), 'app:info', bad)
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    }
  })

  it('refuses a role that may not call the channel with FORBIDDEN', async () => {
    const app = await testApp()
    const route = createRouter(app)
    for (const role of ['nurse', 'doctor', 'pathologist', 'auditor'] as const) {
      const result = await route(sessionAs(role), 'app:diagnostics', {})
      expect(result).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: 'your role may not use app:diagnostics' }
      })
    }
    const admin = await route(sessionAs('admin'), 'app:diagnostics', {})
    expect(admin).toMatchObject({ ok: true, value: { pid: process.pid } })
  })

  it('refuses a logged-out session on a role channel with UNAUTHENTICATED, before looking at the payload', async () => {
    const app = await testApp()
    const result = await createRouter(app)(sessionAs(null), 'app:diagnostics', { junk: true })
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
  })

  it('answers UNKNOWN_CHANNEL for channels outside the contract', async () => {
    const app = await testApp()
    const route = createRouter(app)
    for (const name of ['app:nope', 'toString', '__proto__', '']) {
      const result = await route(sessionAs('admin'), name, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } })
    }
  })

  it('passes coded errors through and hides everything else behind INTERNAL', async () => {
    const app = await testApp()
    const handlers: Handlers = {
      ...HANDLERS,
      'app:info': () => {
        throw makeError('the clinic is not set up', 'NOT_CONFIGURED')
      },
      'session:get': () => {
        throw new Error('SQLITE_CORRUPT: SELECT * FROM patients WHERE name = "Jane Doe"')
      }
    }
    const route = createRouter(app, { handlers })
    expect(await route(sessionAs(null), 'app:info', {})).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', message: 'the clinic is not set up' }
    })
    const hidden = await route(sessionAs(null), 'session:get', {})
    expect(hidden).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(hidden)).not.toMatch(/SQLITE|SELECT|Jane/)
  })

  it('catches a response that breaks the contract when validating responses', async () => {
    const app = await testApp()
    const handlers = {
      ...HANDLERS,
      'session:get': () => ({ user: 'not an object', locked: 'no' })
    } as unknown as Handlers
    const strict = createRouter(app, { handlers, validateResponses: true })
    expect(await strict(sessionAs(null), 'session:get', {})).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' }
    })
    const lax = createRouter(app, { handlers, validateResponses: false })
    expect(await lax(sessionAs(null), 'session:get', {})).toMatchObject({ ok: true })
  })
})
