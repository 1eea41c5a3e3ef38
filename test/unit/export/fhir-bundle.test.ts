import { randomBytes } from 'node:crypto'
import type { Bundle, Observation, Provenance, Reference } from '@medplum/fhirtypes'
import { hexlify, Wallet } from 'ethers'
import { describe, expect, it } from 'vitest'
import { batchTree } from '../../../src/main/chain/merkle'
import { ledgerDomain, recordDigest } from '../../../src/main/chain/record-encoding'
import { selfCheck } from '../../../src/main/export/fhir/anchor-provenance'
import type { ExportRecord, LedgerRef } from '../../../src/main/export/fhir/export-record'
import { buildFhirBundle, type BundleInput } from '../../../src/main/export/fhir/fhir-bundle'
import { generateRecord } from '../../../src/main/handshaker/transaction-generator'
import { templateHash } from '../../../src/shared/templates'
import { templateBySlug } from '../../fixtures/templates'
import {
  bundleProblems,
  profileProblems,
  resolve,
  UNCHECKABLE_PROFILES,
  resourcesOf,
  verifyProvenance,
  type VerifiedProvenance
} from './fhir-checks'

const ledger: LedgerRef = { chainId: 77_001, address: Wallet.createRandom().address }
const domain = ledgerDomain(ledger.chainId, ledger.address)
const nurse = new Wallet(Wallet.createRandom().privateKey)
const pathologist = new Wallet(Wallet.createRandom().privateKey)
const patient = {
  id: '6f1c1f43-3b0e-4a57-9f1e-8d2a4b7c9e10',
  name: 'Jo Bloggs',
  dateOfBirth: '1980-01-01',
  sex: 'female' as const,
  mrn: 'M1'
}
const pseudonym = hexlify(randomBytes(32))

interface Entry {
  slug: string
  author: Wallet
  attributes: Record<string, number | string>
  minutes: number
  supersedes?: number
}

/** The patient's records, signed, batched in one tree, each with its anchor (as the TV writes it). */
function anchoredRecords(entries: readonly Entry[]): ExportRecord[] {
  const generated = entries.map((e, i) => {
    const template = templateBySlug(e.slug)
    const supersedes = e.supersedes === undefined ? null : generatedTids[e.supersedes]
    const g = generateRecord(
      {
        template,
        templateHash: templateHash(template),
        patient: { id: patient.id, pseudonym },
        author: {
          username: e.author === nurse ? 'nina' : 'paul',
          address: e.author.address,
          signingKey: e.author.signingKey
        },
        attributes: e.attributes,
        seq: i + 1,
        supersedes: supersedes ?? null,
        now: new Date(Date.UTC(2026, 10, 25, 9, e.minutes))
      },
      domain
    )
    generatedTids.push(g.document.tid)
    return { template, g, author: e.author }
  })
  const tree = batchTree(
    generated.map(({ g, author }) => ({
      tid: g.chainRecord.tid,
      digest: recordDigest(domain, g.chainRecord),
      signer: author.address,
      reason: 0
    }))
  )
  roots.set(1, tree.root)
  return generated.map(({ template, g, author }, i) => ({
    template,
    document: g.document,
    canonical: g.canonical,
    signed: g.chainRecord,
    clinician: author.address,
    anchor: {
      chainBatch: 1,
      txHash: hexlify(randomBytes(32)),
      blockNumber: 12,
      leafIndex: i,
      proof: tree.getProof(i),
      anchoredAt: new Date(Date.UTC(2026, 10, 25, 10, i)).toISOString()
    }
  }))
}
const generatedTids: string[] = []
const roots = new Map<number, string>()

const ENTRIES: Entry[] = [
  {
    slug: 'patient-registration',
    author: nurse,
    minutes: 0,
    attributes: {
      name: patient.name,
      birthDate: patient.dateOfBirth,
      sex: 'female',
      mrn: 'M1',
      address: '1 High Street, Riverside',
      phone: '+44 20 7946 0000',
      consent: 'LA33-6',
      idDocument: 'passport'
    }
  },
  {
    slug: 'vital-signs',
    author: nurse,
    minutes: 5,
    attributes: {
      heartRate: 72,
      systolic: 120,
      diastolic: 80,
      temperature: 37.2,
      respiratoryRate: 16,
      spo2: 98,
      weight: 70.5,
      pain: 2,
      assessment: 'Comfortable, no distress.'
    }
  },
  {
    slug: 'vital-signs',
    author: nurse,
    minutes: 6,
    supersedes: 1,
    attributes: { heartRate: 76, systolic: 122, diastolic: 81, temperature: 37.3 }
  },
  {
    slug: 'lab-result',
    author: pathologist,
    minutes: 30,
    attributes: {
      test: '2345-7',
      value: 180,
      unit: 'mg/dL',
      referenceLow: 70,
      referenceHigh: 99,
      comment: 'Non-fasting sample.'
    }
  },
  {
    slug: 'nursing-note',
    author: nurse,
    minutes: 40,
    attributes: { kind: 'progress', pain: 3, note: 'Slept well. Mobilising with a frame.' }
  },
  {
    slug: 'new-patient-assessment',
    author: nurse,
    minutes: 50,
    attributes: {
      smoking: 'LA15920-4',
      alcohol: 'LA18926-8',
      interest: 'LA6568-5',
      depressed: 'LA6569-3',
      allergies: 'LA33-6',
      allergyDetails: 'Penicillin: rash.'
    }
  }
]

const records = anchoredRecords(ENTRIES)
const input: BundleInput = {
  bundleId: '0b6f3d4e-1f2a-4c5b-8d7e-9f0a1b2c3d4e',
  generatedAt: new Date('2026-11-25T12:00:00Z'),
  ledger,
  clinic: 'Riverside Clinic',
  patient,
  records,
  authors: new Map([
    [
      nurse.address.toLowerCase(),
      { address: nurse.address, username: 'nina', displayName: 'Nina Nurse' }
    ]
  ])
}
const bundle = buildFhirBundle(input)
const rootOf = async (_ledger: string, _chainId: number, batchId: number) => {
  const root = roots.get(batchId)
  if (!root) throw new Error(`no batch ${batchId}`)
  return root
}

const observations = resourcesOf(bundle, 'Observation')
const byLoinc = (code: string, among: readonly Observation[] = observations) =>
  among.filter((o) =>
    o.code.coding?.some((c) => c.system === 'http://loinc.org' && c.code === code)
  )
const provenanceOf = (reference: string | undefined) =>
  resourcesOf(bundle, 'Provenance').filter((p) => p.target.some((t) => t.reference === reference))
const HEART_RATE = 'http://hl7.org/fhir/StructureDefinition/heartrate'
const fullUrlOf = (id: string | undefined) => `urn:uuid:${id ?? ''}`

describe('the FHIR R4 bundle of one patient', () => {
  it('is a collection whose every resource Medplum validates against R4 and the profiles it claims', () => {
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' })
    expect(bundle.timestamp).toBe('2026-11-25T12:00:00.000Z')
    expect(bundleProblems(bundle)).toEqual([])
    const urls = (bundle.entry ?? []).map((e) => e.fullUrl)
    expect(new Set(urls).size).toBe(urls.length)
  })

  it('has the validator find a broken resource (the check is not vacuous)', () => {
    const broken = structuredClone(bundle)
    const [panel, heartRate] = resourcesOf(broken, 'Observation') as unknown as Record<
      string,
      unknown
    >[]
    delete panel?.['code']
    if (heartRate) heartRate['valueQuantity'] = { value: 'fast' }
    ;(resourcesOf(broken, 'Patient')[0] as { birthDate: string }).birthDate = '1980-13-40'
    const problems = bundleProblems(broken).join('\n')
    expect(problems).toMatch(/Patient.birthDate: Invalid date format/)
    expect(problems).toMatch(/Observation.code: Missing required property/)
    expect(problems).toMatch(/Observation.value\[x\].value: Invalid JSON type/)
    // And the vital-signs profiles are checked: a heart rate coded otherwise is refused.
    // (Medplum does not check fixed values inside value[x], so the units are asserted below.)
    const rate = byLoinc('8867-4')[0] as Observation
    const uncoded = { ...rate, code: { coding: [{ system: 'http://loinc.org', code: '8889-8' }] } }
    expect(profileProblems(uncoded, HEART_RATE).join()).toMatch(/slice 'HeartRateCode'/)
    expect(profileProblems(rate, HEART_RATE)).toEqual([])
  })

  it('checks blood pressure by hand: Medplum fails even the specification’s own bp example', () => {
    // The minimal blood pressure Observation of the R4 vital-signs page.
    const quantity = (value: number) => ({
      value,
      unit: 'mmHg',
      system: 'http://unitsofmeasure.org',
      code: 'mm[Hg]'
    })
    const component = (code: string, value: number) => ({
      code: { coding: [{ system: 'http://loinc.org', code }] },
      valueQuantity: quantity(value)
    })
    const example: Observation = {
      resourceType: 'Observation',
      status: 'final',
      category: [
        {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/observation-category',
              code: 'vital-signs'
            }
          ]
        }
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: { reference: 'Patient/example' },
      effectiveDateTime: '1999-07-02',
      component: [component('8480-6', 109), component('8462-4', 44)]
    }
    const bp = 'http://hl7.org/fhir/StructureDefinition/bp'
    expect(UNCHECKABLE_PROFILES.has(bp)).toBe(true)
    expect(profileProblems(example, bp).join('\n')).toMatch(/slice 'SystolicBP'/)
  })

  it('resolves every literal reference inside the bundle', () => {
    const references: string[] = []
    JSON.stringify(bundle, (key, value: unknown) => {
      if (key === 'reference' && typeof value === 'string') references.push(value)
      return value
    })
    expect(references.length).toBeGreaterThan(20)
    for (const reference of references) expect(resolve(bundle, reference)).toBeDefined()
  })

  it('names the patient with their MRN, birth date and the registration’s contact details', () => {
    const [p] = resourcesOf(bundle, 'Patient')
    expect(p).toMatchObject({
      id: patient.id,
      name: [{ use: 'official', text: 'Jo Bloggs' }],
      gender: 'female',
      birthDate: '1980-01-01',
      telecom: [{ system: 'phone', value: '+44 20 7946 0000' }],
      address: [{ text: '1 High Street, Riverside' }]
    })
    expect(p?.identifier).toContainEqual(
      expect.objectContaining({
        value: 'M1',
        type: { coding: [expect.objectContaining({ code: 'MR' })] },
        assigner: { display: 'Riverside Clinic' }
      })
    )
    // The registration record is the Patient's provenance.
    const [registration] = provenanceOf(fullUrlOf(p?.id))
    expect(registration?.target).toEqual([{ reference: fullUrlOf(p?.id) }])
  })

  it('gives each author a Practitioner with their address, and a name when the workstation knows it', () => {
    const practitioners = resourcesOf(bundle, 'Practitioner')
    expect(practitioners.map((p) => p.name?.[0]?.text).sort()).toEqual(['Nina Nurse', 'paul'])
    expect(practitioners.flatMap((p) => p.identifier?.map((i) => i.value))).toEqual(
      expect.arrayContaining([nurse.address.toLowerCase(), pathologist.address.toLowerCase()])
    )
  })

  it('maps vital signs to LOINC and UCUM, blood pressure as a panel with two components', () => {
    const [panel] = byLoinc('85353-1')
    expect(panel).toMatchObject({
      status: 'final',
      category: [{ coding: [{ code: 'vital-signs' }] }],
      note: [{ text: 'Assessment: Comfortable, no distress.' }],
      effectiveDateTime: '2026-11-25T09:05:00.000Z'
    })
    const members = (panel?.hasMember ?? []).map((m) => resolve(bundle, m.reference) as Observation)
    expect(members).toHaveLength(7)
    const value = (code: string) => byLoinc(code, members)[0]?.valueQuantity
    expect(value('8867-4')).toEqual({
      value: 72,
      unit: 'beats/minute',
      system: 'http://unitsofmeasure.org',
      code: '/min'
    })
    expect(value('8310-5')).toMatchObject({ value: 37.2, code: 'Cel' })
    expect(value('9279-1')).toMatchObject({ value: 16, code: '/min' })
    expect(value('2708-6')).toMatchObject({ value: 98, code: '%' })
    expect(byLoinc('59408-5', members)).toHaveLength(1)
    expect(value('29463-7')).toMatchObject({ value: 70.5, code: 'kg' })
    expect(value('72514-3')).toMatchObject({ value: 2, code: '{score}' })
    const [bp] = byLoinc('85354-9', members)
    expect(bp?.meta?.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/bp'])
    expect(bp?.component?.map((c) => [c.code.coding?.[0]?.code, c.valueQuantity])).toEqual([
      ['8480-6', { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }],
      ['8462-4', { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' }]
    ])
  })

  it('marks a correction and links it to the record it corrects', () => {
    const [first, second] = byLoinc('85353-1')
    expect(second?.status).toBe('corrected')
    const [provenance] = provenanceOf(fullUrlOf(second?.id))
    expect(provenance?.activity?.coding?.[0]?.code).toBe('UPDATE')
    expect(provenance?.entity).toEqual([
      { role: 'revision', what: { reference: fullUrlOf(first?.id) } }
    ])
  })

  it('gives a lab result its code, unit, reference range and a High flag', () => {
    const [glucose] = byLoinc('2345-7')
    expect(glucose).toMatchObject({
      category: [{ coding: [{ code: 'laboratory' }] }],
      valueQuantity: {
        value: 180,
        unit: 'mg/dL',
        system: 'http://unitsofmeasure.org',
        code: 'mg/dL'
      },
      referenceRange: [{ low: { value: 70, code: 'mg/dL' }, high: { value: 99, code: 'mg/dL' } }],
      interpretation: [{ coding: [{ code: 'H', display: 'High' }] }],
      note: [{ text: 'Non-fasting sample.' }]
    })
  })

  it('makes a nursing note a DocumentReference with its text, and its pain score an Observation', () => {
    const [note] = resourcesOf(bundle, 'DocumentReference')
    expect(note).toMatchObject({
      status: 'current',
      docStatus: 'final',
      type: { coding: [{ system: 'http://loinc.org', code: '34746-8' }] },
      category: [{ coding: [{ code: 'progress' }] }]
    })
    const attachment = note?.content[0]?.attachment
    expect(Buffer.from(attachment?.data ?? '', 'base64').toString('utf8')).toBe(
      'Slept well. Mobilising with a frame.'
    )
    const pain = byLoinc('72514-3').find((o) => o.derivedFrom)
    expect(pain?.derivedFrom).toEqual([{ reference: fullUrlOf(note?.id) }])
    expect(provenanceOf(fullUrlOf(note?.id))[0]?.target).toEqual([
      { reference: fullUrlOf(note?.id) },
      { reference: fullUrlOf(pain?.id) }
    ])
  })

  it('maps any other template attribute by attribute, with LOINC answers as codeable concepts', () => {
    const [smoking] = byLoinc('72166-2')
    expect(smoking).toMatchObject({
      category: [{ coding: [{ code: 'social-history' }] }],
      valueCodeableConcept: { coding: [{ code: 'LA15920-4', display: 'Former smoker' }] }
    })
    const allergies = observations.find((o) =>
      o.code.coding?.some((c) => c.code === 'new-patient-assessment.allergies')
    )
    expect(allergies?.valueCodeableConcept?.coding?.[0]?.code).toBe('LA33-6')
  })

  it('has one Provenance per record, covering every resource the record became', () => {
    const provenances = resourcesOf(bundle, 'Provenance')
    expect(provenances).toHaveLength(records.length)
    const targeted = provenances.flatMap((p) => p.target.map((t: Reference) => t.reference))
    const clinical = (bundle.entry ?? []).filter(
      (e) =>
        e.resource?.resourceType !== 'Provenance' && e.resource?.resourceType !== 'Practitioner'
    )
    expect(targeted.sort()).toEqual(clinical.map((e) => e.fullUrl).sort())
  })

  it('carries, for every record, a proof that verifies: commitment, digest, signer, leaf, root', async () => {
    const verified: VerifiedProvenance[] = []
    for (const provenance of resourcesOf(bundle, 'Provenance')) {
      verified.push(await verifyProvenance(provenance, rootOf))
    }
    expect(verified.map((v) => v.tid)).toEqual(
      expect.arrayContaining(records.map((r) => r.document.tid))
    )
    for (const v of verified) {
      const record = records.find((r) => r.document.tid === v.tid)
      expect(v.signer).toBe(record?.clinician.toLowerCase())
      expect(v.record.attributes).toEqual(record?.document.attributes)
      expect(v).toMatchObject({ chainId: 77_001, ledger: ledger.address, batchId: 1 })
    }
  })

  it('fails verification when the record document, the proof or the signature is altered', async () => {
    const [provenance] = resourcesOf(bundle, 'Provenance')
    const tamper = (change: (p: Provenance) => void) => {
      const copy = structuredClone(provenance) as Provenance
      change(copy)
      return verifyProvenance(copy, rootOf)
    }
    const extension = (p: Provenance, name: string) =>
      p.extension?.find((e) => e.url.endsWith(`/${name}`))
    await expect(
      tamper((p) => {
        const document = extension(p, 'record-document')
        const text = Buffer.from(document?.valueBase64Binary ?? '', 'base64').toString('utf8')
        if (document) {
          document.valueBase64Binary = Buffer.from(text.replace('Jo Bloggs', 'Jo Blogs')).toString(
            'base64'
          )
        }
      })
    ).rejects.toThrow(/step 1/)
    await expect(
      tamper((p) => {
        const node = extension(p, 'anchor')?.extension?.find((e) => e.url === 'proof')
        if (node) node.valueString = hexlify(randomBytes(32))
      })
    ).rejects.toThrow(/step 5/)
    await expect(
      tamper((p) => {
        const seq = extension(p, 'signed-record')?.extension?.find((e) => e.url === 'seq')
        if (seq) seq.valueUnsignedInt = 99
      })
    ).rejects.toThrow(/step 3/)
  })

  it('gives the same resources the same ids on every export', () => {
    const again = buildFhirBundle({ ...input, bundleId: '1b6f3d4e-1f2a-4c5b-8d7e-9f0a1b2c3d4e' })
    const ids = (b: Bundle) => (b.entry ?? []).map((e) => e.fullUrl)
    expect(ids(again)).toEqual(ids(bundle))
  })
})

describe('the self-check before export', () => {
  it('passes a record whose copy matches its signed form', () => {
    for (const record of records) expect(selfCheck(record, ledger)).toBeNull()
  })

  it('names a copy that no longer matches its commitment, or another signer', () => {
    const [record] = records as [ExportRecord]
    expect(
      selfCheck({ ...record, canonical: record.canonical.replace('Jo', 'Jim') }, ledger)
    ).toMatch(/commitment/)
    expect(selfCheck({ ...record, clinician: pathologist.address }, ledger)).toMatch(
      /does not recover/
    )
    expect(selfCheck(record, { ...ledger, chainId: 1 })).toMatch(/does not recover/)
  })
})
