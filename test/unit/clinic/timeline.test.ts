import { randomBytes, randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultTemplates } from '../../../src/main/chain/default-templates'
import { recordSeries, timelinePage } from '../../../src/main/clinic/timeline'
import type { App } from '../../../src/main/core/create-app'
import { DeviceSecrets, generateDeviceSecretValues } from '../../../src/main/keys/device-secrets'
import { LocalStore } from '../../../src/main/store/local-store'
import { tempDir } from '../../support/temp-dir'

const vitals = defaultTemplates().find((t) => t.slug === 'vital-signs')!

/**
 * A patient with `own` vital-signs records of this workstation and `pulled`
 * ones from another, as the stores hold them: payloads encrypted, created a
 * minute apart (oldest first); the second own record corrects the first.
 */
function patientWith(own: number, pulled = 0) {
  const store = LocalStore.open(join(tempDir(), 'local.db'))
  const secrets = new DeviceSecrets(generateDeviceSecretValues())
  store.templates.add(vitals, 'alice')
  const nurse = store.users.create({
    username: 'nina',
    displayName: 'Nina Okafor',
    role: 'nurse',
    address: `0x${'11'.repeat(20)}`
  })
  const patientId = randomUUID()
  store.patients.insert({
    id: patientId,
    pseudonym: secrets.pseudonym(patientId),
    phi: secrets.encryptPhi('{}', patientId),
    createdBy: nurse.id
  })
  const start = Date.parse('2026-01-01T00:00:00.000Z')
  const document = (tid: string, i: number, supersedes: string | null = null) =>
    JSON.stringify({
      v: 1,
      tid,
      template: { id: vitals.id, version: vitals.version, hash: '0x' },
      patient: patientId,
      author: { username: 'nina', address: nurse.address },
      time: new Date(start + i * 60_000).toISOString(),
      attributes: { heartRate: 60 + (i % 40), systolic: 120, diastolic: 80, temperature: 37 },
      supersedes,
      salt: '0x00'
    })
  const tids: string[] = []
  for (let i = 0; i < own; i++) {
    const tid = `0x${randomBytes(16).toString('hex')}`
    const supersedes = i === 1 ? (tids[0] ?? null) : null
    store.records.enqueue(
      {
        tid,
        patientId,
        templateId: vitals.id,
        templateVersion: vitals.version,
        authorId: nurse.id,
        seq: i,
        supersedes,
        payload: secrets.encryptPhi(document(tid, i, supersedes), tid),
        chainRecord: '{}'
      },
      new Date(start + i * 60_000)
    )
    tids.push(tid)
  }
  const pulledTids: string[] = []
  for (let i = 0; i < pulled; i++) {
    const tid = `0x${randomBytes(16).toString('hex')}`
    const at = new Date(start + (own + i) * 60_000).toISOString()
    store.sync.insertPulled({
      tid,
      workstationId: 'other-workstation',
      patientId,
      templateId: vitals.id,
      templateVersion: vitals.version,
      clinician: nurse.address,
      author: 'nina',
      payload: secrets.encryptPhi(document(tid, own + i), tid),
      chainRecord: '{}',
      chainBatch: 1,
      txHash: '0x',
      blockNumber: 1,
      leafIndex: i,
      proof: '[]',
      createdAt: at,
      anchoredAt: at,
      pulledAt: at
    })
    pulledTids.push(tid)
  }
  const app = { store, log: { error: () => undefined } } as unknown as App
  return { app, secrets, patientId, tids, pulledTids }
}

describe('a patient timeline', () => {
  it("merges this workstation's records and pulled ones, newest first, a page at a time", () => {
    const { app, secrets, patientId, tids, pulledTids } = patientWith(5, 2)
    const badges = new Map()
    const first = timelinePage(app, secrets, badges, { patientId, limit: 4 })
    expect(first.items.map((i) => i.tid)).toEqual([pulledTids[1], pulledTids[0], tids[4], tids[3]])
    expect(first.items[0]).toMatchObject({
      state: 'synced',
      workstation: 'other-workstation',
      author: { username: 'nina', displayName: 'Nina Okafor' },
      template: { slug: 'vital-signs', version: 1, title: 'Vital signs' },
      badge: { state: 'unknown' }
    })
    const rest = timelinePage(app, secrets, badges, {
      patientId,
      limit: 4,
      before: first.nextCursor ?? undefined
    })
    expect(rest.items.map((i) => i.tid)).toEqual([tids[2], tids[1], tids[0]])
    expect(rest.nextCursor).toBeNull()
    // The correction is linked both ways.
    expect(rest.items[1]).toMatchObject({ supersedes: tids[0] })
    expect(rest.items[2]).toMatchObject({ supersededBy: tids[1], attributes: { heartRate: 60 } })
  })

  it.each([1_000])('opens a patient with %i records in well under 300 ms', (count) => {
    const { app, secrets, patientId } = patientWith(count)
    const badges = new Map()
    const time = (body: () => unknown) => {
      const started = performance.now()
      body()
      return performance.now() - started
    }
    time(() => timelinePage(app, secrets, badges, { patientId, limit: 100 }))
    const page = Math.min(
      ...[1, 2, 3].map(() =>
        time(() => timelinePage(app, secrets, badges, { patientId, limit: 100 }))
      )
    )
    const all = time(() => timelinePage(app, secrets, badges, { patientId, limit: 500 }))
    const series = time(() =>
      recordSeries(app, secrets, { patientId, template: 'vital-signs', attributes: ['heartRate'] })
    )
    console.info(
      `timeline of ${count} records: first page of 100 in ${page.toFixed(1)} ms, ` +
        `500 in ${all.toFixed(1)} ms, a heart-rate series of all ${count} in ${series.toFixed(1)} ms`
    )
    expect(page).toBeLessThan(300)
    expect(series).toBeLessThan(1_000)
  })
})
