import { sendLedgerTx } from '../../src/main/chain/ledger-artifact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZeroHash, id } from 'ethers'
import { LocalStore } from '../../src/main/store/local-store'
import { defaultTemplates, deployLedger } from '../../src/main/chain'
import { packRuleWord, toRuleStruct } from '../../src/shared/rules'
import { ROLE_CODES, chainTemplate, templateHash } from '../../src/shared/templates'
import { startLedger, type LedgerFixture } from '../fixtures/ledger'
import { tempDir } from '../support/temp-dir'
import { join } from 'node:path'

let f: LedgerFixture
beforeAll(async () => {
  f = await startLedger()
})
afterAll(async () => f.stop())

const call = (name: string, ...args: unknown[]) => f.ledger.getFunction(name)(...args)

describe('ledger administration', () => {
  it('deployLedger publishes every default template with its hash and packed rules', async () => {
    for (const def of defaultTemplates()) {
      const t = chainTemplate(def)
      const [hash, rules] = (await call('templateOf', def.id, def.version)) as [string, bigint]
      expect(hash).toBe(templateHash(def))
      expect(rules).toBe(packRuleWord(t.roleMask, t.rules))
    }
  })

  it('deployLedger registers clinicians with their roles and grants the handshaker role', async () => {
    for (const [role, wallet] of Object.entries(f.clinicians)) {
      const [code] = (await call('clinicianOf', wallet.address)) as [bigint]
      expect(Number(code)).toBe(ROLE_CODES[role as keyof typeof ROLE_CODES])
    }
    const role = (await call('HANDSHAKER_ROLE')) as string
    expect(await call('hasRole', role, await f.handshaker.getAddress())).toBe(true)
    expect(await call('hasRole', role, await f.outsider.getAddress())).toBe(false)
  })

  it('deployLedger records address, chain id and deployment block in the local store', async () => {
    const store = LocalStore.open(join(tempDir(), 'local.db'))
    try {
      const deployment = await deployLedger({ admin: f.admin, templates: [], store })
      expect(store.getConfig('ledger')).toEqual({ kind: 'none', contract: deployment })
      expect(deployment.chainId).toBe(1337)
      const code = await f.provider.getCode(deployment.address, deployment.deployBlock)
      expect(code.length).toBeGreaterThan(2)
      expect(await f.provider.getCode(deployment.address, deployment.deployBlock - 1)).toBe('0x')
    } finally {
      store.close()
    }
  })

  it('emits past-tense events for clinician registration and revocation', async () => {
    const account = '0x00000000000000000000000000000000000000aa'
    const reg = await sendLedgerTx(f.ledger, 'registerClinician', account, 2)
    expect(reg.logs.map((l) => f.ledger.interface.parseLog(l)?.name)).toEqual([
      'ClinicianRegistered'
    ])
    const rev = await sendLedgerTx(f.ledger, 'revokeClinician', account)
    expect(rev.logs.map((l) => f.ledger.interface.parseLog(l)?.name)).toEqual(['ClinicianRevoked'])
    const [role] = (await call('clinicianOf', account)) as [bigint]
    expect(role).toBe(0n)
  })

  it('lets only the admin register clinicians and publish templates', async () => {
    const asOutsider = f.ledger.connect(f.outsider) as typeof f.ledger
    await expect(
      asOutsider.getFunction('registerClinician')(await f.outsider.getAddress(), 1)
    ).rejects.toThrow(/AccessControlUnauthorizedAccount|revert/)
    await expect(asOutsider.getFunction('publishTemplate')(900, 1, id('x'), 2, [])).rejects.toThrow(
      /AccessControlUnauthorizedAccount|revert/
    )
  })

  it('lets only handshakers submit batches', async () => {
    const asAdmin = f.ledger
    await expect(asAdmin.getFunction('submitBatch')(new Uint8Array(148))).rejects.toThrow()
  })

  it('rejects invalid clinician roles and unknown revocations with custom errors', async () => {
    await expect(call('registerClinician', f.clinicians.doctor.address, 0)).rejects.toThrow(
      /InvalidClinicalRole|revert/
    )
    await expect(call('registerClinician', f.clinicians.doctor.address, 16)).rejects.toThrow()
    await expect(
      call('revokeClinician', '0x00000000000000000000000000000000000000bb')
    ).rejects.toThrow()
  })

  it('never changes a published template version; a new version is stored beside it', async () => {
    const [vitals] = defaultTemplates()
    if (!vitals) throw new Error('no default templates')
    const t = chainTemplate(vitals)
    await expect(
      call(
        'publishTemplate',
        t.id,
        t.version,
        templateHash(vitals),
        t.roleMask,
        t.rules.map(toRuleStruct)
      )
    ).rejects.toThrow()
    const v2 = { ...vitals, version: vitals.version + 1 }
    const t2 = chainTemplate(v2)
    await sendLedgerTx(
      f.ledger,
      'publishTemplate',
      t2.id,
      t2.version,
      templateHash(v2),
      t2.roleMask,
      []
    )
    const [hash1] = (await call('templateOf', t.id, t.version)) as [string]
    const [hash2, rules2] = (await call('templateOf', t2.id, t2.version)) as [string, bigint]
    expect(hash1).toBe(templateHash(vitals))
    expect(hash2).toBe(templateHash(v2))
    expect(rules2).toBe(packRuleWord(t2.roleMask, []))
  })

  it('rejects malformed templates: version 0, zero hash, no roles, bad rules, too many rules', async () => {
    const range = { kind: 2, optional: false, min: 1, max: 2, codes: 0 }
    await expect(call('publishTemplate', 901, 0, id('x'), 2, [])).rejects.toThrow()
    await expect(call('publishTemplate', 901, 1, ZeroHash, 2, [])).rejects.toThrow()
    await expect(call('publishTemplate', 901, 1, id('x'), 0, [])).rejects.toThrow()
    await expect(call('publishTemplate', 901, 1, id('x'), 1, [])).rejects.toThrow()
    await expect(
      call('publishTemplate', 901, 1, id('x'), 2, [{ ...range, min: 3 }])
    ).rejects.toThrow()
    await expect(
      call('publishTemplate', 901, 1, id('x'), 2, [{ ...range, kind: 4 }])
    ).rejects.toThrow()
    await expect(
      call('publishTemplate', 901, 1, id('x'), 2, [{ ...range, kind: 3, codes: 0 }])
    ).rejects.toThrow()
    await expect(
      call('publishTemplate', 901, 1, id('x'), 2, Array(7).fill(range))
    ).rejects.toThrow()
  })
})
