import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VAULT_SCRYPT } from '../../../src/main/crypto/scrypt-kdf'
import { SecretVault } from '../../../src/main/keys/vault/secret-vault'
import type { VaultFile } from '../../../src/main/keys/vault/vault-format'
import { tempDir } from '../../support/temp-dir'
import { rejection } from './support'

const ADMIN_PW = 'correct horse battery'
const NURSE_PW = 'nurse password 1'

function vaultPath(): string {
  return join(tempDir(), 'vault.json')
}

async function newVault(path = vaultPath()): Promise<SecretVault> {
  return new SecretVault(path).create('admin', ADMIN_PW)
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as VaultFile
const writeJson = (path: string, value: unknown) => writeFileSync(path, JSON.stringify(value))

/** Flips one bit in the middle of a base64 field. */
function flipBase64(value: string): string {
  const bytes = Buffer.from(value, 'base64')
  const at = Math.floor(bytes.byteLength / 2)
  bytes[at] = (bytes[at] ?? 0) ^ 0x01
  return bytes.toString('base64')
}

describe('secret vault', () => {
  it('is absent, then created unlocked by the first user, then locked in a new handle', async () => {
    const path = vaultPath()
    const vault = new SecretVault(path)
    expect(vault.state).toBe('absent')
    expect(vault.kind).toBe('vault')
    await vault.create('admin', ADMIN_PW)
    expect(vault.state).toBe('unlocked')
    expect(vault.unlockedBy).toBe('admin')
    await vault.set('clinic.data-key', 'ab'.repeat(32))
    const again = new SecretVault(path)
    expect(again.state).toBe('locked')
    expect(again.description).toContain(path)
    expect(again.description).toContain('locked')
    expect(again.users()).toEqual(['admin'])
    await again.unlock('admin', ADMIN_PW)
    expect(await again.get('clinic.data-key')).toBe('ab'.repeat(32))
    expect(await again.get('no.such-secret')).toBeNull()
  })

  it('writes a versioned file, owner-only, recording the scrypt parameters of each slot', async () => {
    const path = vaultPath()
    await newVault(path)
    const file = readJson(path)
    expect(file.format).toBe('mediblock-vault')
    expect(file.version).toBe(1)
    expect(file.slots).toHaveLength(1)
    expect(file.slots[0]?.kdf).toMatchObject({ name: 'scrypt', ...VAULT_SCRYPT, dkLen: 32 })
    expect(VAULT_SCRYPT.N).toBeGreaterThanOrEqual(2 ** 15)
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readdirSync(join(path, '..'))).toEqual(['vault.json'])
  })

  it('refuses a second create', async () => {
    const path = vaultPath()
    await newVault(path)
    expect((await rejection(new SecretVault(path).create('other', NURSE_PW))).code).toBe('CONFLICT')
  })

  it('lets only one of two concurrent creates win', async () => {
    const path = vaultPath()
    const results = await Promise.allSettled([
      new SecretVault(path).create('admin', ADMIN_PW),
      new SecretVault(path).create('other', NURSE_PW)
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const [failure] = results.filter((r) => r.status === 'rejected')
    expect((failure?.reason as { code?: string }).code).toBe('CONFLICT')
    const winner = results.findIndex((r) => r.status === 'fulfilled')
    expect(new SecretVault(path).users()).toEqual([winner === 0 ? 'admin' : 'other'])
  })

  it('answers a wrong password and an unknown user with the same UNAUTHENTICATED error', async () => {
    const path = vaultPath()
    await newVault(path)
    const wrongPassword = await rejection(new SecretVault(path).unlock('admin', 'not the password'))
    const unknownUser = await rejection(new SecretVault(path).unlock('nobody', ADMIN_PW))
    const invalidUser = await rejection(new SecretVault(path).unlock('../etc', ADMIN_PW))
    for (const error of [wrongPassword, unknownUser, invalidUser]) {
      expect(error.code).toBe('UNAUTHENTICATED')
      expect(error.message).toBe(wrongPassword.message)
    }
  })

  it('refuses secrets while locked, and again after lock()', async () => {
    const path = vaultPath()
    const locked = new SecretVault(path)
    await newVault(path)
    expect((await rejection(locked.get('clinic.data-key'))).code).toBe('UNAUTHENTICATED')
    expect((await rejection(locked.set('clinic.data-key', 'x'))).code).toBe('UNAUTHENTICATED')
    expect((await rejection(locked.delete('clinic.data-key'))).code).toBe('UNAUTHENTICATED')
    await locked.unlock('admin', ADMIN_PW)
    await locked.set('clinic.data-key', 'value')
    locked.lock()
    expect(locked.state).toBe('locked')
    expect((await rejection(locked.get('clinic.data-key'))).code).toBe('UNAUTHENTICATED')
  })

  it('reports NOT_CONFIGURED for a vault that does not exist yet', async () => {
    const error = await rejection(new SecretVault(vaultPath()).unlock('admin', ADMIN_PW))
    expect(error.code).toBe('NOT_CONFIGURED')
  })

  it('sets, replaces, lists and deletes secrets, and validates names', async () => {
    const vault = await newVault()
    await vault.set('a.one', 'first')
    await vault.set('a.one', 'second')
    await vault.set('b:two', 'x')
    expect(await vault.get('a.one')).toBe('second')
    expect(await vault.names()).toEqual(['a.one', 'b:two'])
    expect(await vault.delete('a.one')).toBe(true)
    expect(await vault.delete('a.one')).toBe(false)
    expect(await vault.get('a.one')).toBeNull()
    expect((await rejection(vault.set('../escape', 'x'))).code).toBe('INVALID_ARGUMENT')
    expect((await rejection(vault.set('__proto__', 'x'))).code).toBe('INVALID_ARGUMENT')
    expect((await rejection(vault.set('ok', ''))).code).toBe('INVALID_ARGUMENT')
  })

  it('lets each user with a slot unlock the same secrets; removed users no longer can', async () => {
    const path = vaultPath()
    const vault = await newVault(path)
    await vault.set('clinic.pseudonym-secret', 'cd'.repeat(32))
    await vault.addSlot('nurse.joy', NURSE_PW)
    expect((await rejection(vault.addSlot('nurse.joy', 'another pw 1'))).code).toBe('CONFLICT')
    expect(vault.users()).toEqual(['admin', 'nurse.joy'])
    const nurse = await new SecretVault(path).unlock('nurse.joy', NURSE_PW)
    expect(await nurse.get('clinic.pseudonym-secret')).toBe('cd'.repeat(32))
    // A nurse cannot use the admin's password, nor the reverse.
    expect((await rejection(new SecretVault(path).unlock('nurse.joy', ADMIN_PW))).code).toBe(
      'UNAUTHENTICATED'
    )
    await vault.removeSlot('nurse.joy')
    expect(vault.users()).toEqual(['admin'])
    expect((await rejection(new SecretVault(path).unlock('nurse.joy', NURSE_PW))).code).toBe(
      'UNAUTHENTICATED'
    )
    expect((await rejection(vault.removeSlot('nurse.joy'))).code).toBe('NOT_FOUND')
    expect((await rejection(vault.removeSlot('admin'))).code).toBe('CONFLICT')
  })

  it('needs an unlocked handle to add or remove slots', async () => {
    const path = vaultPath()
    await newVault(path)
    const locked = new SecretVault(path)
    expect((await rejection(locked.addSlot('nurse', NURSE_PW))).code).toBe('UNAUTHENTICATED')
    expect((await rejection(locked.removeSlot('admin'))).code).toBe('UNAUTHENTICATED')
    expect(locked.users()).toEqual(['admin'])
  })

  it('refuses weak new passwords and invalid usernames', async () => {
    const vault = await newVault()
    expect((await rejection(vault.addSlot('nurse', 'short'))).code).toBe('INVALID_ARGUMENT')
    expect((await rejection(vault.addSlot('Nurse/../x', NURSE_PW))).code).toBe('INVALID_ARGUMENT')
    expect((await rejection(new SecretVault(vaultPath()).create('admin', '1234'))).code).toBe(
      'INVALID_ARGUMENT'
    )
  })

  it('changes a password: the old one stops working, the secrets stay', async () => {
    const path = vaultPath()
    const vault = await newVault(path)
    await vault.set('handshaker.private-key', '0xabc')
    const before = readJson(path).slots[0]
    await new SecretVault(path).changePassword('admin', ADMIN_PW, 'a brand new password')
    const after = readJson(path).slots[0]
    expect(after?.kdf.salt).not.toBe(before?.kdf.salt)
    expect((await rejection(new SecretVault(path).unlock('admin', ADMIN_PW))).code).toBe(
      'UNAUTHENTICATED'
    )
    const reopened = await new SecretVault(path).unlock('admin', 'a brand new password')
    expect(await reopened.get('handshaker.private-key')).toBe('0xabc')
    // The handle unlocked before the change keeps working: the vault key is unchanged.
    expect(await vault.get('handshaker.private-key')).toBe('0xabc')
    const wrong = await rejection(
      new SecretVault(path).changePassword('admin', ADMIN_PW, 'yet another password')
    )
    expect(wrong.code).toBe('UNAUTHENTICATED')
  })

  it('sees writes made through another handle on the same file', async () => {
    const path = vaultPath()
    const a = await newVault(path)
    const b = await new SecretVault(path).unlock('admin', ADMIN_PW)
    await a.set('one', '1')
    await b.set('two', '2')
    expect(await a.get('two')).toBe('2')
    expect(await b.get('one')).toBe('1')
  })

  it('refuses to go on when the file is replaced by another vault', async () => {
    const path = vaultPath()
    const vault = await newVault(path)
    const other = vaultPath()
    await newVault(other)
    writeFileSync(path, readFileSync(other))
    expect((await rejection(vault.get('x'))).code).toBe('CONFLICT')
    expect(vault.state).toBe('locked')
  })

  describe('tamper detection', () => {
    it('fails a secret whose ciphertext, nonce or tag was altered: an error, never garbage', async () => {
      for (const field of ['ciphertext', 'nonce', 'tag'] as const) {
        const path = vaultPath()
        const vault = await newVault(path)
        await vault.set('clinic.data-key', 'ef'.repeat(32))
        const file = readJson(path)
        const entry = file.secrets['clinic.data-key']
        if (!entry) throw new Error('entry missing')
        entry[field] = flipBase64(entry[field])
        writeJson(path, file)
        const error = await rejection(vault.get('clinic.data-key'))
        expect(error.code, field).toBe('INVALID_ARGUMENT')
        expect(error.message).toMatch(/integrity/)
      }
    })

    it('fails a secret moved under another name', async () => {
      const path = vaultPath()
      const vault = await newVault(path)
      await vault.set('clinic.data-key', 'data key')
      await vault.set('clinic.pseudonym-secret', 'pseudonym secret')
      const file = readJson(path)
      file.secrets['clinic.pseudonym-secret'] = file.secrets['clinic.data-key']!
      writeJson(path, file)
      expect((await rejection(vault.get('clinic.pseudonym-secret'))).code).toBe('INVALID_ARGUMENT')
      expect(await vault.get('clinic.data-key')).toBe('data key')
    })

    it('fails an unlock when a slot wrapped key, nonce, tag or salt was altered', async () => {
      for (const field of ['wrappedKey', 'nonce', 'tag', 'salt'] as const) {
        const path = vaultPath()
        await newVault(path)
        const file = readJson(path)
        const slot = file.slots[0]
        if (!slot) throw new Error('slot missing')
        if (field === 'salt') slot.kdf.salt = flipBase64(slot.kdf.salt)
        else slot[field] = flipBase64(slot[field])
        writeJson(path, file)
        const error = await rejection(new SecretVault(path).unlock('admin', ADMIN_PW))
        expect(error.code, field).toBe('UNAUTHENTICATED')
      }
    })

    it('fails a slot copied onto another user', async () => {
      const path = vaultPath()
      const vault = await newVault(path)
      await vault.addSlot('nurse', NURSE_PW)
      const file = readJson(path)
      const [admin, nurse] = file.slots
      if (!admin || !nurse) throw new Error('slots missing')
      file.slots[1] = { ...admin, username: 'nurse' }
      writeJson(path, file)
      expect((await rejection(new SecretVault(path).unlock('nurse', ADMIN_PW))).code).toBe(
        'UNAUTHENTICATED'
      )
    })
  })

  describe('file format', () => {
    it('refuses an unknown version with a message that says so', async () => {
      const path = vaultPath()
      await newVault(path)
      writeJson(path, { ...readJson(path), version: 2 })
      const error = await rejection(new SecretVault(path).unlock('admin', ADMIN_PW))
      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.message).toMatch(/version 2.*reads version 1/)
      expect(() => new SecretVault(path).users()).toThrow(/version 2/)
    })

    it('refuses files that are not vaults, not JSON, or malformed', async () => {
      const path = vaultPath()
      await newVault(path)
      const good = readJson(path)
      const cases: [unknown, RegExp][] = [
        [{ ...good, format: 'something-else' }, /not a MediBlock vault/],
        [{ ...good, slots: [] }, /malformed/],
        [{ ...good, extra: true }, /malformed/],
        [
          { ...good, slots: [{ ...good.slots[0], kdf: { ...good.slots[0]?.kdf, N: 2 ** 30 } }] },
          /malformed/
        ],
        [[1, 2, 3], /not a MediBlock vault/]
      ]
      for (const [content, message] of cases) {
        writeJson(path, content)
        expect(() => new SecretVault(path).users()).toThrow(message)
      }
      writeFileSync(path, '{ "format": "mediblock-vault", ')
      expect(() => new SecretVault(path).users()).toThrow(/not valid JSON/)
    })

    it('never holds a secret or a password in plain text', async () => {
      const path = vaultPath()
      const vault = await newVault(path)
      const secret = 'f00dfeed'.repeat(8)
      await vault.set('clinic.data-key', secret)
      const text = readFileSync(path, 'utf8')
      expect(text).not.toContain(secret)
      expect(text).not.toContain(Buffer.from(secret).toString('base64'))
      expect(text).not.toContain(ADMIN_PW)
    })
  })
})
