import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ClinicianKeystores } from '../../../src/main/keys/clinician-keystores'
import { openSecretStore } from '../../../src/main/keys/open-secret-store'
import { changeUserPassword, enrollUser, loginUser } from '../../../src/main/keys/user-keys'
import { SecretVault } from '../../../src/main/keys/vault/secret-vault'
import { tempDir } from '../../support/temp-dir'
import { MemoryKeytar, NO_DBUS_KEYTAR, rejection } from './support'

async function vaultContext(dataDir = tempDir()) {
  const secrets = await openSecretStore({ dataDir, keytar: NO_DBUS_KEYTAR })
  return { dataDir, secrets, keystores: new ClinicianKeystores(join(dataDir, 'keys')) }
}

describe('user keys over the vault', () => {
  it('enrols the first user by creating the vault, and a login unlocks it', async () => {
    const { dataDir, secrets, keystores } = await vaultContext()
    const { address } = await enrollUser({ secrets, keystores }, 'admin', 'admin password')
    expect(keystores.list()).toEqual(['admin'])
    const vault = new SecretVault(join(dataDir, 'vault.json'))
    expect(vault.users()).toEqual(['admin'])

    const fresh = await vaultContext(dataDir)
    if (fresh.secrets.kind !== 'vault') throw new Error('expected the vault')
    expect(fresh.secrets.store.state).toBe('locked')
    const signer = await loginUser(fresh, 'admin', 'admin password')
    expect(signer.address).toBe(address)
    expect(fresh.secrets.store.state).toBe('unlocked')
  })

  it('needs the vault unlocked (an admin logged in) to enrol later users', async () => {
    const { dataDir, secrets, keystores } = await vaultContext()
    await enrollUser({ secrets, keystores }, 'admin', 'admin password')
    const later = await vaultContext(dataDir)
    expect((await rejection(enrollUser(later, 'nurse', 'nurse password'))).code).toBe(
      'UNAUTHENTICATED'
    )
    expect(later.keystores.list()).toEqual(['admin'])
    await loginUser(later, 'admin', 'admin password')
    await enrollUser(later, 'nurse', 'nurse password')
    const nurse = await vaultContext(dataDir)
    await loginUser(nurse, 'nurse', 'nurse password')
    if (nurse.secrets.kind !== 'vault') throw new Error('expected the vault')
    expect(nurse.secrets.store.unlockedBy).toBe('nurse')
  })

  it('refuses a wrong password without unlocking anything', async () => {
    const { dataDir, secrets, keystores } = await vaultContext()
    await enrollUser({ secrets, keystores }, 'admin', 'admin password')
    const fresh = await vaultContext(dataDir)
    expect((await rejection(loginUser(fresh, 'admin', 'wrong password'))).code).toBe(
      'UNAUTHENTICATED'
    )
    expect((await rejection(loginUser(fresh, 'ghost', 'admin password'))).code).toBe(
      'UNAUTHENTICATED'
    )
    if (fresh.secrets.kind !== 'vault') throw new Error('expected the vault')
    expect(fresh.secrets.store.state).toBe('locked')
  })

  it('changes the keystore and the key slot together', async () => {
    const { dataDir, secrets, keystores } = await vaultContext()
    await enrollUser({ secrets, keystores }, 'admin', 'admin password')
    await changeUserPassword({ secrets, keystores }, 'admin', 'admin password', 'better password')
    const fresh = await vaultContext(dataDir)
    expect((await rejection(loginUser(fresh, 'admin', 'admin password'))).code).toBe(
      'UNAUTHENTICATED'
    )
    await loginUser(fresh, 'admin', 'better password')
    if (fresh.secrets.kind !== 'vault') throw new Error('expected the vault')
    expect(fresh.secrets.store.state).toBe('unlocked')
  })

  it('with a keychain, touches keystores only', async () => {
    const dataDir = tempDir()
    const secrets = await openSecretStore({ dataDir, keytar: new MemoryKeytar() })
    const keystores = new ClinicianKeystores(join(dataDir, 'keys'))
    const { address } = await enrollUser({ secrets, keystores }, 'admin', 'admin password')
    expect((await loginUser({ secrets, keystores }, 'admin', 'admin password')).address).toBe(
      address
    )
    await changeUserPassword({ secrets, keystores }, 'admin', 'admin password', 'better password')
    expect((await loginUser({ secrets, keystores }, 'admin', 'better password')).address).toBe(
      address
    )
  })
})
