import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decryptKeystoreJson, isKeystoreJson, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { ClinicianKeystores, KEYSTORE_SCRYPT } from '../../../src/main/keys/clinician-keystores'
import { tempDir } from '../../support/temp-dir'
import { thrown } from '../../support/thrown'
import { rejection } from './support'

const PW = 'clinician password'

const keystores = () => new ClinicianKeystores(join(tempDir(), 'keys'))

describe('clinician keystores', () => {
  it('creates a standard v3 scrypt keystore, owner-only, that unlocks to a signer', async () => {
    const ks = keystores()
    const { address } = await ks.create('dr.ana', PW)
    const path = ks.pathOf('dr.ana')
    expect(path).toBe(join(ks.dir, 'dr.ana.json'))
    const text = readFileSync(path, 'utf8')
    expect(isKeystoreJson(text)).toBe(true)
    const json = JSON.parse(text) as {
      version: number
      crypto: { kdf: string; kdfparams: Record<string, number> }
    }
    expect(json.version).toBe(3)
    expect(json.crypto.kdf).toBe('scrypt')
    expect(json.crypto.kdfparams).toMatchObject({
      n: KEYSTORE_SCRYPT.N,
      r: KEYSTORE_SCRYPT.r,
      p: KEYSTORE_SCRYPT.p
    })
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600)

    const signer = await ks.unlock('dr.ana', PW)
    expect(signer).toBeInstanceOf(Wallet)
    expect(signer.address).toBe(address)
    expect(ks.addressOf('dr.ana')).toBe(address)
    expect(text).not.toContain(signer.privateKey.slice(2))
    // Any standard tool reads it: ethers' own decoder agrees.
    expect((await decryptKeystoreJson(text, PW)).address).toBe(address)
    const signature = await signer.signMessage('record')
    expect(signature).toMatch(/^0x[0-9a-f]{130}$/)
  })

  it('answers a wrong password and an unknown user with the same UNAUTHENTICATED error', async () => {
    const ks = keystores()
    await ks.create('dr.ana', PW)
    const wrong = await rejection(ks.unlock('dr.ana', 'not the password'))
    const unknown = await rejection(ks.unlock('dr.bob', PW))
    const invalid = await rejection(ks.unlock('../dr.ana', PW))
    for (const error of [wrong, unknown, invalid]) {
      expect(error.code).toBe('UNAUTHENTICATED')
      expect(error.message).toBe(wrong.message)
    }
  })

  it('changes a password: the old one stops working, the key stays', async () => {
    const ks = keystores()
    const { address } = await ks.create('nurse-1', PW)
    await ks.changePassword('nurse-1', PW, 'a new password')
    expect((await rejection(ks.unlock('nurse-1', PW))).code).toBe('UNAUTHENTICATED')
    expect((await ks.unlock('nurse-1', 'a new password')).address).toBe(address)
    expect((await rejection(ks.changePassword('nurse-1', PW, 'another one!'))).code).toBe(
      'UNAUTHENTICATED'
    )
    expect((await rejection(ks.changePassword('nurse-1', 'a new password', 'short'))).code).toBe(
      'INVALID_ARGUMENT'
    )
  })

  it('imports a given key, refuses a bad one, and refuses a second keystore for a user', async () => {
    const ks = keystores()
    const key = Wallet.createRandom().privateKey
    const { address } = await ks.create('imported', PW, { privateKey: key })
    expect((await ks.unlock('imported', PW)).privateKey).toBe(key)
    expect(address).toBe(new Wallet(key).address)
    expect((await rejection(ks.create('imported', PW))).code).toBe('CONFLICT')
    expect((await rejection(ks.create('x', PW, { privateKey: `0x${'0'.repeat(64)}` }))).code).toBe(
      'INVALID_ARGUMENT'
    )
  })

  it('never overwrites a keystore created concurrently for the same user', async () => {
    const ks = keystores()
    const results = await Promise.allSettled([ks.create('dr.ana', PW), ks.create('dr.ana', PW)])
    const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.address] : []))
    expect(created).toHaveLength(1)
    const [failure] = results.filter((r) => r.status === 'rejected')
    expect((failure?.reason as { code?: string }).code).toBe('CONFLICT')
    expect((await ks.unlock('dr.ana', PW)).address).toBe(created[0])
  })

  it('names files by validated usernames only: no traversal, separators, case or device names', async () => {
    const ks = keystores()
    for (const bad of [
      '',
      '.',
      '..',
      '../etc/passwd',
      'a/b',
      'a\\b',
      '/abs',
      'Ana',
      'ana..bob',
      '.hidden',
      'trailing.',
      'con',
      'nul.txt',
      'a'.repeat(65),
      'ana\0'
    ]) {
      expect(thrown(() => ks.pathOf(bad)).code, JSON.stringify(bad)).toBe('INVALID_ARGUMENT')
      expect((await rejection(ks.create(bad, PW))).code).toBe('INVALID_ARGUMENT')
    }
    for (const good of ['ana', 'dr.ana', 'nurse_2', 'a-b', 'x', 'a'.repeat(64)]) {
      expect(ks.pathOf(good)).toBe(join(ks.dir, `${good}.json`))
    }
    expect((await rejection(ks.create('ana', 'short'))).code).toBe('INVALID_ARGUMENT')
  })

  it('lists users with keystores, and removes one', async () => {
    const ks = keystores()
    expect(ks.list()).toEqual([])
    await ks.create('zed', PW)
    await ks.create('amy', PW)
    writeFileSync(join(ks.dir, 'not a user.json'), '{}')
    expect(ks.list()).toEqual(['amy', 'zed'])
    expect(ks.has('amy')).toBe(true)
    expect(await ks.remove('amy')).toBe(true)
    expect(await ks.remove('amy')).toBe(false)
    expect(ks.list()).toEqual(['zed'])
    expect(thrown(() => ks.addressOf('amy')).code).toBe('NOT_FOUND')
  })

  it('refuses an altered keystore: a changed ciphertext, or scrypt parameters out of bounds', async () => {
    const ks = keystores()
    await ks.create('dr.ana', PW)
    const path = ks.pathOf('dr.ana')
    const good = JSON.parse(readFileSync(path, 'utf8')) as {
      crypto: { ciphertext: string; kdfparams: { n: number } }
    }
    const flipped = structuredClone(good)
    const c = flipped.crypto.ciphertext
    flipped.crypto.ciphertext = (c[0] === '0' ? '1' : '0') + c.slice(1)
    writeFileSync(path, JSON.stringify(flipped))
    // The keystore MAC covers the ciphertext: this is the wrong-password answer.
    expect((await rejection(ks.unlock('dr.ana', PW))).code).toBe('UNAUTHENTICATED')
    const huge = structuredClone(good)
    huge.crypto.kdfparams.n = 2 ** 30
    writeFileSync(path, JSON.stringify(huge))
    expect((await rejection(ks.unlock('dr.ana', PW))).code).toBe('INVALID_ARGUMENT')
    writeFileSync(path, 'not json')
    expect((await rejection(ks.unlock('dr.ana', PW))).code).toBe('INVALID_ARGUMENT')
    expect(readdirSync(ks.dir)).toEqual(['dr.ana.json'])
  })
})
