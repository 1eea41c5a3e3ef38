import { describe, expect, it } from 'vitest'
import {
  assert,
  fieldError,
  isError,
  isErrorPayload,
  makeError,
  MediblockError,
  toErrorPayload
} from '../../../src/shared/errors'

describe('coded errors', () => {
  it('makeError keeps code, message, info and cause', () => {
    const cause = new Error('disk on fire')
    const error = makeError('cannot open', 'UNAVAILABLE', { path: '/x' }, cause)
    expect(error).toBeInstanceOf(MediblockError)
    expect(error.code).toBe('UNAVAILABLE')
    expect(error.message).toBe('cannot open')
    expect(error.info).toEqual({ path: '/x' })
    expect(error.cause).toBe(cause)
  })

  it('assert throws a coded error only when the check fails', () => {
    expect(() => assert(true, 'fine', 'INTERNAL')).not.toThrow()
    expect(() => assert(0, 'nope', 'NOT_FOUND')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: 'nope' })
    )
  })

  it('isError matches by class and optionally by code', () => {
    const error = makeError('x', 'CONFLICT')
    expect(isError(error)).toBe(true)
    expect(isError(error, 'CONFLICT')).toBe(true)
    expect(isError(error, 'FORBIDDEN')).toBe(false)
    expect(isError(new Error('x'))).toBe(false)
  })

  it('payloads of coded errors carry code and message, never info', () => {
    const payload = toErrorPayload(makeError('bad', 'INVALID_ARGUMENT', { secret: 's3cret' }))
    expect(payload).toEqual({ code: 'INVALID_ARGUMENT', message: 'bad' })
  })

  it('a field error names the request field across the boundary, and comes back whole', () => {
    const error = fieldError('Heart rate must be a whole number', 'attributes.heartRate', {
      value: 72.5
    })
    const payload = toErrorPayload(error)
    expect(payload).toEqual({
      code: 'INVALID_ARGUMENT',
      message: 'Heart rate must be a whole number',
      field: 'attributes.heartRate'
    })
    expect(isErrorPayload(payload)).toBe(true)
    const back = MediblockError.fromPayload(JSON.parse(JSON.stringify(payload)) as typeof payload)
    expect(back).toMatchObject({ code: 'INVALID_ARGUMENT', field: 'attributes.heartRate' })
    expect(back.info).toBeUndefined()
    expect(isErrorPayload({ code: 'FORBIDDEN', message: 'm', field: 3 })).toBe(false)
  })

  it('anything else becomes INTERNAL without its message or stack', () => {
    const payload = toErrorPayload(new Error('SQLITE_ERROR: no such table: patients'))
    expect(payload.code).toBe('INTERNAL')
    expect(JSON.stringify(payload)).not.toMatch(/SQLITE|patients|at /)
  })

  it('recognises well-formed payloads only', () => {
    expect(isErrorPayload({ code: 'FORBIDDEN', message: 'm' })).toBe(true)
    expect(isErrorPayload({ code: 'MADE_UP', message: 'm' })).toBe(false)
    expect(isErrorPayload({ code: 'FORBIDDEN' })).toBe(false)
    expect(isErrorPayload(null)).toBe(false)
  })
})
