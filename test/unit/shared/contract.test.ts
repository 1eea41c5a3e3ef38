import { describe, expect, it } from 'vitest'
import { checkAccess } from '../../../src/shared/ipc/access'
import {
  CHANNEL_NAMES,
  CHANNELS,
  EVENT_NAMES,
  isChannelName,
  isEventName
} from '../../../src/shared/ipc/channels'
import { ROLES } from '../../../src/shared/roles'

describe('the IPC contract', () => {
  it('names every channel domain:verb and every event domain:past-tense-or-verb', () => {
    for (const name of [...CHANNEL_NAMES, ...EVENT_NAMES]) {
      expect(name).toMatch(/^[a-z]+:[a-z-]+$/)
    }
  })

  it('gives every channel a request schema, a response schema and an access rule', () => {
    for (const name of CHANNEL_NAMES) {
      const spec = CHANNELS[name]
      expect(spec.summary.length).toBeGreaterThan(10)
      expect(typeof spec.request.safeParse).toBe('function')
      expect(typeof spec.response.safeParse).toBe('function')
      const access = spec.access
      if (Array.isArray(access)) {
        expect(access.length).toBeGreaterThan(0)
        for (const role of access) expect(ROLES).toContain(role)
      } else {
        expect(['public', 'user']).toContain(access)
      }
    }
  })

  it('does not mistake inherited properties for channels or events', () => {
    expect(isChannelName('app:info')).toBe(true)
    expect(isChannelName('toString')).toBe(false)
    expect(isChannelName('__proto__')).toBe(false)
    expect(isEventName('app:closing')).toBe(true)
    expect(isEventName('constructor')).toBe(false)
  })
})

describe('checkAccess', () => {
  it('lets anyone use public channels', () => {
    expect(checkAccess('public', null)).toBeNull()
    expect(checkAccess('public', 'nurse')).toBeNull()
  })

  it('needs a user for user channels', () => {
    expect(checkAccess('user', null)).toBe('UNAUTHENTICATED')
    expect(checkAccess('user', 'auditor')).toBeNull()
  })

  it('needs one of the listed roles for role channels', () => {
    expect(checkAccess(['admin'], null)).toBe('UNAUTHENTICATED')
    expect(checkAccess(['admin'], 'doctor')).toBe('FORBIDDEN')
    expect(checkAccess(['admin', 'doctor'], 'doctor')).toBeNull()
  })
})
