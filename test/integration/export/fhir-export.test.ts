import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve as resolvePath } from 'node:path'
import type { Bundle } from '@medplum/fhirtypes'
import BetterSqlite3 from 'better-sqlite3'
import { Contract, JsonRpcProvider, Network } from 'ethers'
import { describe, expect, it, onTestFinished } from 'vitest'
import { BUNDLED_CHAIN_ID, BundledNode } from '../../../src/main/chain/node/bundled-node'
import { ROOT } from '../../support/cli'
import { cliOn } from '../../support/cli-workstation'
import { silentLog } from '../../support/ledger-fixture'
import { tempDir } from '../../support/temp-dir'
import {
  bundleProblems,
  resolve,
  resourcesOf,
  verifyProvenance,
  type VerifiedProvenance
} from '../../unit/export/fhir-checks'

const ADMIN = 'admin-pass-1'
const NURSE = 'nurse-pass-1'
const PATHOLOGIST = 'path-pass-1'
const AUDITOR = 'audit-pass-1'
const asNurse = { MEDIBLOCK_PASSWORD: NURSE }

type Json = Record<string, unknown>

/** The ledger's own view of a batch, read with nothing but its public ABI. */
const BATCH_ABI = ['function batch(uint256 batchId) view returns (bytes32 root, uint256 count)']

describe('mediblock export fhir', () => {
  it('writes a valid R4 bundle whose every Provenance verifies against the ledger, and audits it', async () => {
    const dataDir = tempDir()
    const { run, ok } = cliOn(dataDir)
    const init = ok<{ ledger: { address: string } }>(
      ['init', '--clinic', 'Riverside', '--admin', 'admin'],
      { MEDIBLOCK_PASSWORD: ADMIN }
    )
    const user = (username: string, role: string, password: string) =>
      ok<{ address: string }>(
        [
          'user',
          'add',
          '--username',
          username,
          '--name',
          `${username[0]?.toUpperCase()}${username.slice(1)}`,
          '--role',
          role,
          '--as',
          'admin'
        ],
        { MEDIBLOCK_PASSWORD: ADMIN, MEDIBLOCK_NEW_PASSWORD: password }
      )
    const nina = user('nina', 'nurse', NURSE)
    user('paul', 'pathologist', PATHOLOGIST)
    user('audrey', 'auditor', AUDITOR)
    ok(
      [
        'patient',
        'add',
        '--name',
        'Jo Bloggs',
        '--dob',
        '1980-01-01',
        '--sex',
        'female',
        '--mrn',
        'M1',
        '--consent',
        'yes',
        '--id-document',
        'passport',
        '--as',
        'nina'
      ],
      asNurse
    )
    const record = (template: string, sets: string[], as: string, env: Record<string, string>) =>
      ok<{ tid: string; state: string }>(
        [
          'record',
          'add',
          '--patient',
          'M1',
          '--template',
          template,
          ...sets.flatMap((s) => ['--set', s]),
          '--as',
          as
        ],
        env
      )
    const vitals = ['heart_rate=72', 'systolic=120', 'diastolic=80', 'temperature=37.1', 'spo2=97']
    const valid = record('vitals', vitals, 'nina', asNurse)
    const refused = record('vitals', ['heart_rate=300', ...vitals.slice(1)], 'nina', asNurse)
    const note = record(
      'nursing-note',
      ['kind=progress', 'pain=3', 'note=Slept well.'],
      'nina',
      asNurse
    )
    const lab = record(
      'lab-result',
      ['test=2345-7', 'value=180', 'unit=mg/dL', 'reference_low=70', 'reference_high=99'],
      'paul',
      { MEDIBLOCK_PASSWORD: PATHOLOGIST }
    )
    // A record entered while the ledger cannot be reached stays queued: no proof yet.
    const queued = record('vitals', vitals, 'nina', {
      ...asNurse,
      MEDIBLOCK_NODE_ENTRY: join(dataDir, 'no-such-node.js')
    })
    expect([valid.state, refused.state, note.state, lab.state, queued.state]).toEqual([
      'anchored',
      'rejected',
      'anchored',
      'anchored',
      'queued'
    ])

    // Auditors read and verify; they do not send PHI elsewhere.
    const out = join(dataDir, 'jo-bloggs.fhir.json')
    const byAuditor = run(['export', 'fhir', '--patient', 'M1', '--out', out, '--as', 'audrey'], {
      MEDIBLOCK_PASSWORD: AUDITOR
    })
    expect(byAuditor.status).toBe(2)
    expect(byAuditor.stderr).toMatch(/an auditor may not export patient records/)

    const started = Date.now()
    const summary = ok<{
      path: string
      records: number
      resources: number
      excluded: Json
      inconsistent: unknown[]
      sha256: string
      bundleId: string
    }>(['export', 'fhir', '--patient', 'M1', '--out', out, '--as', 'nina'], asNurse)
    const exportMs = Date.now() - started
    expect(summary).toMatchObject({
      path: out,
      records: 4,
      excluded: { queued: 1, submitted: 0, rejected: 1 },
      inconsistent: []
    })
    const text = readFileSync(out, 'utf8')
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(createHash('sha256').update(text).digest('hex')).toBe(summary.sha256)
    const bundle = JSON.parse(text) as Bundle
    expect(bundle).toMatchObject({
      resourceType: 'Bundle',
      type: 'collection',
      id: summary.bundleId
    })
    expect(bundle.entry).toHaveLength(summary.resources)

    // Every resource is valid FHIR R4 (and conforms to the vital-signs profiles it claims).
    expect(bundleProblems(bundle)).toEqual([])

    // What the records became.
    const [patient] = resourcesOf(bundle, 'Patient')
    expect(patient).toMatchObject({ name: [{ text: 'Jo Bloggs' }], birthDate: '1980-01-01' })
    expect(patient?.identifier?.find((i) => i.value === 'M1')?.type?.coding?.[0]?.code).toBe('MR')
    const observations = resourcesOf(bundle, 'Observation')
    const coded = (code: string) =>
      observations.find((o) => o.code.coding?.some((c) => c.code === code))
    expect(coded('8867-4')?.valueQuantity).toMatchObject({ value: 72, code: '/min' })
    expect(coded('85354-9')?.component).toHaveLength(2)
    expect(coded('2345-7')?.interpretation?.[0]?.coding?.[0]?.code).toBe('H')
    const [doc] = resourcesOf(bundle, 'DocumentReference')
    expect(Buffer.from(doc?.content[0]?.attachment.data ?? '', 'base64').toString()).toBe(
      'Slept well.'
    )
    const exportedTids = resourcesOf(bundle, 'Observation')
      .flatMap((o) => o.identifier ?? [])
      .map((i) => i.value)
    expect(exportedTids).not.toContain(refused.tid)
    expect(exportedTids).not.toContain(queued.tid)

    // A receiving system verifies each Provenance against the ledger itself: the root the
    // contract holds in state for the batch, read from the bundled node over JSON-RPC.
    const node = await BundledNode.start({
      chainDir: join(dataDir, 'chain'),
      log: silentLog,
      entry: resolvePath(ROOT, 'out/main/ganache-node.js')
    })
    onTestFinished(() => node.stop())
    const network = Network.from(BUNDLED_CHAIN_ID)
    const provider = new JsonRpcProvider(node.url, network, { staticNetwork: network })
    onTestFinished(() => provider.destroy())
    const rootOf = async (ledger: string, chainId: number, batchId: number) => {
      expect([ledger, chainId]).toEqual([init.ledger.address, BUNDLED_CHAIN_ID])
      const [root] = (await new Contract(ledger, BATCH_ABI, provider).getFunction('batch')(
        batchId
      )) as [string, bigint]
      return root
    }
    const verified: VerifiedProvenance[] = []
    for (const provenance of resourcesOf(bundle, 'Provenance')) {
      const v = await verifyProvenance(provenance, rootOf)
      verified.push(v)
      // The anchor's transaction is on chain where the Provenance says, sent to the ledger.
      const anchor = provenance.extension?.find((e) => e.url.endsWith('/anchor'))?.extension
      const field = (name: string) => anchor?.find((e) => e.url === name)
      const receipt = await provider.getTransactionReceipt(field('txHash')?.valueString ?? '')
      expect(receipt?.blockNumber).toBe(field('blockNumber')?.valueUnsignedInt)
      expect(receipt?.to).toBe(init.ledger.address)
      // Each target is in the bundle, and is what the committed record says.
      for (const target of provenance.target)
        expect(resolve(bundle, target.reference)).toBeDefined()
    }
    expect(verified.map((v) => v.tid).sort()).toEqual(
      [valid.tid, note.tid, lab.tid, verified.find((v) => v.record.attributes['consent'])?.tid]
        .filter((t): t is string => t !== undefined)
        .sort()
    )
    expect(verified.find((v) => v.tid === valid.tid)).toMatchObject({
      signer: nina.address.toLowerCase(),
      record: { attributes: { heartRate: 72, systolic: 120, diastolic: 80, spo2: 97 } }
    })

    // The export is in the audit log: who, which patient, what, and the file's hash.
    const db = new BetterSqlite3(join(dataDir, 'local.db'), { readonly: true })
    const entries = db
      .prepare("SELECT actor, subject, detail FROM audit_log WHERE action = 'patient.exported'")
      .all() as { actor: string; subject: string; detail: string }[]
    db.close()
    expect(entries).toHaveLength(1)
    const patientId = patient?.identifier?.find((i) => i.system?.endsWith('/patient-id'))?.value
    expect(entries[0]).toMatchObject({ actor: 'nina', subject: patientId })
    expect(JSON.parse(entries[0]?.detail ?? '{}')).toMatchObject({
      format: 'fhir-r4-bundle',
      bundle: summary.bundleId,
      records: 4,
      excluded: { queued: 1, rejected: 1 },
      sha256: summary.sha256
    })

    // Without --out the bundle goes to the data dir's exports/ folder; the text says what was left out.
    const human = run(['export', 'fhir', '--patient', 'M1', '--as', 'nina'], asNurse)
    expect(human.status).toBe(0)
    expect(human.stdout).toMatch(/4 record\(s\) with their ledger proofs/)
    expect(human.stdout).toMatch(/Left out, as they carry no proof: 1 queued, 1 rejected\./)
    expect(readdirSync(join(dataDir, 'exports'))).toHaveLength(1)
    console.info(`export fhir took ${exportMs} ms`)
  }, 240_000)
})
