import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'

const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}`

function store(): LocalStore {
  return LocalStore.open(join(tempDir(), 'local.db'))
}

describe('users', () => {
  it('creates, finds and lists users', () => {
    const { users } = store()
    expect(users.count()).toBe(0)
    const ana = users.create({
      username: 'ana',
      displayName: ' Ana Silva ',
      role: 'nurse',
      address: address(1)
    })
    users.create({ username: 'bo', displayName: 'Bo Chen', role: 'doctor', address: address(2) })
    expect(ana).toMatchObject({
      username: 'ana',
      displayName: 'Ana Silva',
      role: 'nurse',
      disabledAt: null
    })
    expect(users.get('ana')).toEqual(ana)
    expect(users.find('nobody')).toBeUndefined()
    expect(users.list().map((u) => u.username)).toEqual(['ana', 'bo'])
    expect(users.count()).toBe(2)
  })

  it('refuses a taken username or key with CONFLICT, and bad input with INVALID_ARGUMENT', () => {
    const { users } = store()
    users.create({ username: 'ana', displayName: 'Ana', role: 'nurse', address: address(1) })
    expect(
      thrown(() =>
        users.create({ username: 'ana', displayName: 'A', role: 'doctor', address: address(2) })
      ).code
    ).toBe('CONFLICT')
    expect(
      thrown(() =>
        users.create({
          username: 'ann',
          displayName: 'A',
          role: 'doctor',
          address: address(1).toUpperCase().replace('0X', '0x')
        })
      ).code
    ).toBe('CONFLICT')
    expect(
      thrown(() =>
        users.create({ username: '../etc', displayName: 'A', role: 'doctor', address: address(3) })
      ).code
    ).toBe('INVALID_ARGUMENT')
    expect(
      thrown(() =>
        users.create({ username: 'cy', displayName: '  ', role: 'doctor', address: address(3) })
      ).code
    ).toBe('INVALID_ARGUMENT')
    expect(
      thrown(() =>
        users.create({ username: 'cy', displayName: 'Cy', role: 'doctor', address: '0x12' })
      ).code
    ).toBe('INVALID_ARGUMENT')
    expect(users.count()).toBe(1)
  })

  it('disables and re-enables a user', () => {
    const { users } = store()
    users.create({ username: 'ana', displayName: 'Ana', role: 'nurse', address: address(1) })
    expect(users.setDisabled('ana', true).disabledAt).not.toBeNull()
    expect(users.setDisabled('ana', false).disabledAt).toBeNull()
    expect(thrown(() => users.setDisabled('nobody', true)).code).toBe('NOT_FOUND')
  })

  it('hands out each sequence number once, in order', () => {
    const { users } = store()
    const ana = users.create({
      username: 'ana',
      displayName: 'Ana',
      role: 'nurse',
      address: address(1)
    })
    expect([users.takeSeq(ana.id), users.takeSeq(ana.id), users.takeSeq(ana.id)]).toEqual([1, 2, 3])
    expect(thrown(() => users.takeSeq(999)).code).toBe('NOT_FOUND')
  })
})
