import { describe, expect, it } from 'vitest'
import { HANDLERS, type Handlers } from '../../../src/main/ipc/handlers'
import { createRouter } from '../../../src/main/ipc/router'
import { CHANNEL_NAMES, CHANNELS } from '../../../src/shared/ipc/channels'
import { ROLES, type Role } from '../../../src/shared/roles'
import { sessionAs, testApp } from '../../support/test-app'

/** Handlers that fail the test if the router lets a request through. */
const unreachable = Object.fromEntries(
  CHANNEL_NAMES.map((name) => [
    name,
    () => {
      throw new Error(`${name} reached its handler`)
    }
  ])
) as unknown as Handlers

const allowed = (name: (typeof CHANNEL_NAMES)[number]): Role[] => {
  const { access } = CHANNELS[name]
  return access === 'public' || access === 'user' ? [...ROLES] : [...access]
}

describe('the router on every channel of the contract', () => {
  it('refuses a role outside the table with FORBIDDEN, and nobody with UNAUTHENTICATED, before reading the payload', async () => {
    const app = await testApp()
    const route = createRouter(app, { handlers: unreachable })
    for (const name of CHANNEL_NAMES) {
      const { access } = CHANNELS[name]
      if (access === 'public') continue
      expect(await route(sessionAs(null), name, 'junk'), name).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' }
      })
      for (const role of ROLES.filter((r) => !allowed(name).includes(r))) {
        expect(await route(sessionAs(role), name, 'junk'), `${name} as ${role}`).toEqual({
          ok: false,
          error: { code: 'FORBIDDEN', message: `your role may not use ${name}` }
        })
      }
    }
  })

  it('refuses a payload that breaks the schema with INVALID_ARGUMENT, never reaching the handler', async () => {
    const app = await testApp()
    const route = createRouter(app, { handlers: unreachable })
    for (const name of CHANNEL_NAMES) {
      const role = allowed(name)[0] ?? null
      for (const bad of ['text', 42, null, [], { unexpected: { deeply: true } }]) {
        const result = await route(sessionAs(role), name, bad)
        expect(result, `${name} ${JSON.stringify(bad)}`).toMatchObject({
          ok: false,
          error: { code: 'INVALID_ARGUMENT' }
        })
      }
    }
  })

  it('names the first field a payload gets wrong, so a form can show the message there', async () => {
    const app = await testApp()
    const route = createRouter(app, { handlers: unreachable })
    const result = await route(sessionAs('nurse'), 'records:add', {
      patientId: 'P-1',
      template: 'vitals',
      attributes: { heartRate: { nested: true } }
    })
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', field: 'attributes.heartRate' }
    })
    const whole = await route(sessionAs('nurse'), 'records:add', 'text')
    expect(whole).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    expect(whole.ok === false && 'field' in whole.error).toBe(false)
  })

  it('answers LOCKED on a locked session, except public channels and those the lock screen needs', async () => {
    const app = await testApp()
    const route = createRouter(app)
    const open: string[] = []
    for (const name of CHANNEL_NAMES) {
      const session = sessionAs(allowed(name)[0] ?? null)
      session.locked = true
      const result = await route(session, name, {})
      if (!(result.ok === false && result.error.code === 'LOCKED')) open.push(name)
    }
    expect(open.sort()).toEqual(
      CHANNEL_NAMES.filter(
        (n) => CHANNELS[n].access === 'public' || 'whileLocked' in CHANNELS[n]
      ).sort()
    )
    expect(open).toEqual(expect.arrayContaining(['session:unlock', 'session:logout', 'status:get']))
    const locked = sessionAs('nurse')
    locked.locked = true
    expect(await route(locked, 'status:get', {})).toMatchObject({
      ok: true,
      value: { node: 'none', cloud: 'unknown', offline: false }
    })
    expect(await route(locked, 'settings:get', {})).toEqual({
      ok: true,
      value: { autoLockMinutes: 10 }
    })
  })

  it('has a handler for every channel and nothing else', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual([...CHANNEL_NAMES].sort())
  })
})
