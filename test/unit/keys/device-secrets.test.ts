import { inspect } from 'node:util'
import { Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { decryptPhi } from '../../../src/main/crypto/phi-envelope'
import { pseudonym } from '../../../src/main/crypto/pseudonym'
import { isSecp256k1PrivateKey } from '../../../src/main/crypto/secp256k1-key'
import {
  DEVICE_SECRET_NAMES,
  DeviceSecrets,
  ensureDeviceSecrets,
  loadDeviceSecrets
} from '../../../src/main/keys/device-secrets'
import { KeychainStore } from '../../../src/main/keys/keychain-store'
import { SecretVault } from '../../../src/main/keys/vault/secret-vault'
import { tempDir } from '../../support/temp-dir'
import { MemoryKeytar, rejection } from './support'

const memoryStore = () =>
  KeychainStore.open({ service: 'MediBlock:test', keytar: new MemoryKeytar() })

describe('device secrets', () => {
  it('are generated on first use, then loaded unchanged', async () => {
    const store = await memoryStore()
    const first = await ensureDeviceSecrets(store)
    expect(first.created).toBe(true)
    const second = await ensureDeviceSecrets(store)
    expect(second.created).toBe(false)
    expect(second.secrets.handshakerAddress).toBe(first.secrets.handshakerAddress)
    expect(second.secrets.pseudonym('MRN-1')).toBe(first.secrets.pseudonym('MRN-1'))
    const envelope = first.secrets.encryptPhi('PHI', 'tid')
    expect(second.secrets.decryptPhi(envelope, 'tid').toString()).toBe('PHI')
    expect((await loadDeviceSecrets(store)).handshakerAddress).toBe(first.secrets.handshakerAddress)
  })

  it('stores a valid secp256k1 handshaker key and 32-byte data and pseudonym keys', async () => {
    const store = await memoryStore()
    const { secrets } = await ensureDeviceSecrets(store)
    const handshaker = await store.get(DEVICE_SECRET_NAMES.handshakerKey)
    const dataKey = await store.get(DEVICE_SECRET_NAMES.dataKey)
    const pseudonymSecret = await store.get(DEVICE_SECRET_NAMES.pseudonymSecret)
    if (!handshaker || !dataKey || !pseudonymSecret) throw new Error('secrets missing')
    expect(isSecp256k1PrivateKey(handshaker)).toBe(true)
    expect(secrets.handshakerWallet().address).toBe(new Wallet(handshaker).address)
    expect(dataKey).toMatch(/^[0-9a-f]{64}$/)
    expect(pseudonymSecret).toMatch(/^[0-9a-f]{64}$/)
    expect(dataKey).not.toBe(pseudonymSecret)
    // The methods use exactly the stored keys.
    const envelope = secrets.encryptPhi('x', 'aad')
    expect(decryptPhi(Buffer.from(dataKey, 'hex'), envelope, 'aad').toString()).toBe('x')
    expect(secrets.pseudonym('p')).toBe(pseudonym(Buffer.from(pseudonymSecret, 'hex'), 'p'))
  })

  it('differ between workstations', async () => {
    const a = (await ensureDeviceSecrets(await memoryStore())).secrets
    const b = (await ensureDeviceSecrets(await memoryStore())).secrets
    expect(a.handshakerAddress).not.toBe(b.handshakerAddress)
    expect(a.pseudonym('MRN-1')).not.toBe(b.pseudonym('MRN-1'))
  })

  it('show only the handshaker address when logged, serialised or inspected', async () => {
    const store = await memoryStore()
    const { secrets } = await ensureDeviceSecrets(store)
    const raw = [
      await store.get(DEVICE_SECRET_NAMES.handshakerKey),
      await store.get(DEVICE_SECRET_NAMES.dataKey),
      await store.get(DEVICE_SECRET_NAMES.pseudonymSecret)
    ]
    const shown = [
      JSON.stringify({ secrets }),
      inspect(secrets, { showHidden: true }),
      String(secrets)
    ]
    for (const text of shown) {
      for (const value of raw) expect(text).not.toContain(String(value).replace(/^0x/, ''))
    }
    expect(JSON.parse(JSON.stringify(secrets))).toEqual({
      handshakerAddress: secrets.handshakerAddress
    })
  })

  it('refuse to fill in a partial set, which would orphan data encrypted under the old ones', async () => {
    const store = await memoryStore()
    await ensureDeviceSecrets(store)
    await store.delete(DEVICE_SECRET_NAMES.dataKey)
    const error = await rejection(ensureDeviceSecrets(store))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toContain(DEVICE_SECRET_NAMES.dataKey)
    expect(await store.get(DEVICE_SECRET_NAMES.dataKey)).toBeNull()
  })

  it('are NOT_CONFIGURED for load before first use, and INVALID_ARGUMENT when malformed', async () => {
    const store = await memoryStore()
    expect((await rejection(loadDeviceSecrets(store))).code).toBe('NOT_CONFIGURED')
    await ensureDeviceSecrets(store)
    await store.set(DEVICE_SECRET_NAMES.handshakerKey, `0x${'0'.repeat(64)}`)
    expect((await rejection(loadDeviceSecrets(store))).code).toBe('INVALID_ARGUMENT')
    expect(
      () => new DeviceSecrets({ handshakerKey: '0x01', dataKey: '', pseudonymSecret: '' })
    ).toThrow()
  })

  it('leave none behind when storing them fails halfway', async () => {
    const keytar = new MemoryKeytar()
    const store = await KeychainStore.open({ service: 'S', keytar })
    let writes = 0
    const set = keytar.setPassword.bind(keytar)
    keytar.setPassword = async (service, account, password) => {
      if (++writes === 2) throw new Error('keyring went away')
      return set(service, account, password)
    }
    expect((await rejection(ensureDeviceSecrets(store))).code).toBe('UNAVAILABLE')
    expect([...keytar.items.keys()]).toEqual([])
    expect((await ensureDeviceSecrets(store)).created).toBe(true)
  })

  it('live in a vault as well as in a keychain, and need it unlocked', async () => {
    const path = `${tempDir()}/vault.json`
    const vault = await new SecretVault(path).create('admin', 'admin password')
    const { secrets } = await ensureDeviceSecrets(vault)
    const locked = new SecretVault(path)
    expect((await rejection(ensureDeviceSecrets(locked))).code).toBe('UNAUTHENTICATED')
    await locked.unlock('admin', 'admin password')
    expect((await loadDeviceSecrets(locked)).handshakerAddress).toBe(secrets.handshakerAddress)
  })
})
