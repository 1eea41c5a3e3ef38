import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Bundle } from '@medplum/fhirtypes'
import { hexlify, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import { batchTree } from '../../../src/main/chain/merkle'
import { ledgerDomain, recordDigest } from '../../../src/main/chain/record-encoding'
import type { ClinicSession } from '../../../src/main/clinic/clinic-session'
import type { App } from '../../../src/main/core/create-app'
import { exportPatientFhir } from '../../../src/main/export/fhir/export-patient'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import type { RecordState } from '../../../src/main/store/records-repo'
import type { OutgoingRecord, PulledRecord } from '../../../src/main/store/sync-repo'
import type { Role } from '../../../src/shared/roles'
import { templateHash } from '../../../src/shared/templates'
import { templateBySlug } from '../../fixtures/templates'
import { tempDir } from '../../support/temp-dir'
import { bundleProblems, resourcesOf, verifyProvenance } from './fhir-checks'

const ledger = { address: Wallet.createRandom().address, chainId: 77_001, deployBlock: 0 }
const domain = ledgerDomain(ledger.chainId, ledger.address)
const nina = new Wallet(Wallet.createRandom().privateKey)
/** A nurse of another workstation, not a user of this one. */
const olga = new Wallet(Wallet.createRandom().privateKey)
const patient = {
  id: '6f1c1f43-3b0e-4a57-9f1e-8d2a4b7c9e10',
  pseudonym: hexlify(randomBytes(32)),
  details: { name: 'Jo Bloggs', dateOfBirth: '1980-01-01', sex: 'female', mrn: 'M1' }
}
const vitals = { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.2 }

/** Records of the patient signed and anchored in batch 4, as the store would hold them. */
function signed() {
  const make = (slug: string, author: Wallet, attributes: Record<string, unknown>, seq: number) =>
    generateRecord(
      {
        template: templateBySlug(slug),
        templateHash: templateHash(templateBySlug(slug)),
        patient: { id: patient.id, pseudonym: patient.pseudonym },
        author: {
          username: author === nina ? 'nina' : 'olga',
          address: author.address,
          signingKey: author.signingKey
        },
        attributes: attributes as Record<string, number | string>,
        seq
      },
      domain
    )
  const records = [
    make(
      'patient-registration',
      nina,
      {
        name: 'Jo Bloggs',
        birthDate: '1980-01-01',
        sex: 'female',
        mrn: 'M1',
        consent: 'LA33-6',
        idDocument: 'passport'
      },
      1
    ),
    make('vital-signs', nina, vitals, 2),
    make('vital-signs', olga, { ...vitals, heartRate: 80 }, 1),
    make('vital-signs', nina, { ...vitals, heartRate: 90 }, 3)
  ]
  const authors = [nina, nina, olga, nina]
  const tree = batchTree(
    records.map((r, i) => ({
      tid: r.chainRecord.tid,
      digest: recordDigest(domain, r.chainRecord),
      signer: authors[i]?.address ?? '',
      reason: 0
    }))
  )
  return { records, tree }
}

function clinic() {
  const dir = tempDir()
  const { records, tree } = signed()
  const [registration, own, pulled, damaged] = records as [
    (typeof records)[number],
    (typeof records)[number],
    (typeof records)[number],
    (typeof records)[number]
  ]
  const anchored = (r: (typeof records)[number], i: number, clinician: string) => ({
    tid: r.document.tid,
    templateId: r.document.template.id,
    templateVersion: r.document.template.version,
    seq: r.chainRecord.seq,
    supersedes: null,
    reason: 0,
    payload: Buffer.from(r.canonical),
    chainRecord: JSON.stringify(r.chainRecord),
    leafIndex: i,
    proof: JSON.stringify(tree.getProof(i)),
    createdAt: r.document.time,
    anchoredAt: r.document.time,
    chainBatch: 4,
    txHash: hexlify(randomBytes(32)),
    blockNumber: 40,
    clinician,
    patientPseudonym: patient.pseudonym,
    attempts: 0
  })
  const outgoing = new Map<string, OutgoingRecord>([
    [registration.document.tid, anchored(registration, 0, nina.address)],
    [own.document.tid, anchored(own, 1, nina.address)],
    // The workstation's copy names another clinician than the one who signed it.
    [damaged.document.tid, anchored(damaged, 3, olga.address)]
  ])
  const row = (tid: string, state: RecordState) => ({ tid, state, patientId: patient.id })
  const ownRows = [
    row(registration.document.tid, 'synced'),
    row(own.document.tid, 'anchored'),
    row(damaged.document.tid, 'anchored'),
    row('0x01', 'queued'),
    row('0x02', 'submitted'),
    row('0x03', 'rejected')
  ]
  const pulledRows: PulledRecord[] = [
    {
      ...anchored(pulled, 2, olga.address),
      workstationId: 'ws-2',
      patientId: patient.id,
      author: 'olga',
      pulledAt: pulled.document.time
    }
  ]
  const audit: { actor: string; action: string; subject?: string | null; detail?: unknown }[] = []
  const templates = defaultTemplates()
  let configured = true
  const app = {
    store: {
      getConfig: (key: string) =>
        key === 'ledger'
          ? configured
            ? { kind: 'bundled', contract: ledger }
            : { kind: 'none' }
          : { name: 'Riverside Clinic' },
      patients: {
        find: (id: string) => (id === patient.id ? patientRow : undefined),
        list: () => [patientRow]
      },
      records: { forPatient: (id: string) => (id === patient.id ? ownRows : []) },
      sync: {
        outgoing: (tid: string) => outgoing.get(tid),
        pulled: (id: string) => (id === patient.id ? pulledRows : [])
      },
      templates: {
        find: (id: number, version: number) => {
          const definition = templates.find((t) => t.id === id && t.version === version)
          return definition && { definition }
        }
      },
      users: {
        list: () => [{ address: nina.address, username: 'nina', displayName: 'Nina Nurse' }]
      },
      auditLog: { append: (event: (typeof audit)[number]) => audit.push(event) }
    },
    paths: { exportsDir: join(dir, 'exports') },
    log: { info: () => undefined }
  } as unknown as App
  const patientRow = {
    id: patient.id,
    pseudonym: patient.pseudonym,
    phi: Buffer.from(JSON.stringify(patient.details)),
    createdAt: '2026-11-25T09:00:00.000Z'
  }
  // Decryption is the identity here: the payloads above are the canonical records.
  const session = (role: Role, username: string = role) =>
    ({
      user: { username, role },
      secrets: { decryptPhi: (payload: Buffer) => payload }
    }) as unknown as ClinicSession
  return {
    dir,
    app,
    audit,
    session,
    tids: { registration, own, pulled, damaged },
    root: tree.root,
    unconfigure: () => (configured = false)
  }
}

describe('exportPatientFhir (the core of `mediblock export fhir`)', () => {
  it('exports own and pulled anchored records, counts the rest, and audits the export', async () => {
    const c = clinic()
    const result = await exportPatientFhir(c.app, c.session('nurse', 'nina'), {
      patient: 'M1',
      now: new Date('2026-11-25T12:00:00Z')
    })
    expect(result).toMatchObject({
      patientId: patient.id,
      records: 3,
      excluded: { queued: 1, submitted: 1, rejected: 1 },
      inconsistent: [
        {
          tid: c.tids.damaged.document.tid,
          problem: 'the signature does not recover the clinician'
        }
      ]
    })
    // Written to exports/, owner-only, and the hash is of the file as written.
    expect(readdirSync(join(c.dir, 'exports'))).toEqual([
      `patient-${patient.id}-2026-11-25T12-00-00-000Z.fhir.json`
    ])
    expect(statSync(result.path).mode & 0o777).toBe(0o600)
    const text = readFileSync(result.path, 'utf8')
    expect(createHash('sha256').update(text).digest('hex')).toBe(result.sha256)
    const bundle = JSON.parse(text) as Bundle
    expect(bundle).toEqual(result.bundle)
    expect(bundleProblems(bundle)).toEqual([])

    // Every Provenance, the pulled record's too, verifies; the pulled author is named by username.
    const provenances = resourcesOf(bundle, 'Provenance')
    const verified = await Promise.all(
      provenances.map((p) => verifyProvenance(p, async () => c.root))
    )
    expect(verified.map((v) => v.tid).sort()).toEqual(
      [c.tids.registration, c.tids.own, c.tids.pulled].map((r) => r.document.tid).sort()
    )
    expect(resourcesOf(bundle, 'Practitioner').map((p) => p.name?.[0]?.text)).toEqual(
      expect.arrayContaining(['Nina Nurse', 'olga'])
    )

    expect(c.audit.map((e) => e.action)).toEqual(['patient.viewed', 'patient.exported'])
    expect(c.audit[1]).toEqual({
      actor: 'nina',
      action: 'patient.exported',
      subject: patient.id,
      detail: {
        format: 'fhir-r4-bundle',
        bundle: result.bundleId,
        records: 3,
        excluded: { queued: 1, submitted: 1, rejected: 1 },
        inconsistent: [c.tids.damaged.document.tid],
        sha256: result.sha256
      }
    })
  })

  it('lets clinicians and admins export, and refuses auditors before reading anything', async () => {
    const c = clinic()
    for (const role of ['doctor', 'pathologist', 'admin'] as const) {
      const out = join(c.dir, `${role}.json`)
      await exportPatientFhir(c.app, c.session(role), { patient: patient.id, out })
      expect(existsSync(out)).toBe(true)
    }
    const out = join(c.dir, 'auditor.json')
    await expect(
      exportPatientFhir(c.app, c.session('auditor'), { patient: 'M1', out })
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'an auditor may not export patient records'
    })
    expect(existsSync(out)).toBe(false)
    expect(c.audit.filter((e) => e.actor === 'auditor')).toEqual([])
  })

  it('needs a ledger, and a patient it knows', async () => {
    const c = clinic()
    await expect(
      exportPatientFhir(c.app, c.session('nurse'), { patient: 'M2' })
    ).rejects.toMatchObject({ code: 'NOT_FOUND' })
    c.unconfigure()
    await expect(
      exportPatientFhir(c.app, c.session('nurse'), { patient: 'M1' })
    ).rejects.toMatchObject({ code: 'NOT_CONFIGURED' })
  })
})
