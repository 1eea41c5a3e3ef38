import { randomUUID } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RecordChanged } from '../../../src/shared/ipc/schemas'
import {
  initBundledClinic,
  ipcHarness,
  userClient,
  type IpcClient,
  type IpcHarness
} from './ipc-clinic'

const VITALS = { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.1 }

// One clinic for the whole file: patients, records and their ACKs as
// events, the status bar, the queue and sync, and audits, through the
// router as the screens call them, with the background drain and sync of a
// serving process doing the sending.
describe('IPC: patients, records, status, queue, sync and audit', () => {
  let harness: IpcHarness
  let admin: IpcClient
  let nurse: IpcClient
  let doctor: IpcClient
  let pathologist: IpcClient
  let auditor: IpcClient
  let patientId: string
  let vitalsTid: string
  let refusedTid: string

  const settled = (tid: string, state: RecordChanged['state']) =>
    harness.event('record:changed', (e) => e.tid === tid && e.state === state)

  beforeAll(async () => {
    harness = await ipcHarness()
    admin = await initBundledClinic(harness)
    nurse = await userClient(harness, admin, { username: 'nina', role: 'nurse' })
    doctor = await userClient(harness, admin, { username: 'dora', role: 'doctor' })
    pathologist = await userClient(harness, admin, { username: 'pat', role: 'pathologist' })
    auditor = await userClient(harness, admin, { username: 'aud', role: 'auditor' })
  })
  afterAll(async () => {
    await harness.close()
  })

  it('registers a patient at once; the registration ACK arrives as record:changed', async () => {
    const registered = await nurse.call('patients:register', {
      name: 'Jo Bloggs',
      dateOfBirth: '1980-04-02',
      sex: 'female',
      mrn: 'M1',
      consent: 'yes'
    })
    expect(registered.patient).toMatchObject({ name: 'Jo Bloggs', mrn: 'M1', sex: 'female' })
    expect(registered.registration.state).toBe('queued')
    patientId = registered.patient.id
    await settled(registered.registration.tid, 'anchored')

    const refused = await nurse.call('patients:register', {
      name: 'Ann Other',
      dateOfBirth: '1975-11-30',
      consent: 'no'
    })
    const ack = await settled(refused.registration.tid, 'rejected')
    expect(ack.rejection).toMatchObject({ name: 'RULE_FAILED_0', attribute: 'consent' })

    expect(
      (
        await pathologist.fails('patients:register', {
          name: 'X',
          dateOfBirth: '1990-01-01',
          consent: 'yes'
        })
      ).code
    ).toBe('FORBIDDEN')
    expect(
      (
        await auditor.fails('patients:register', {
          name: 'X',
          dateOfBirth: '1990-01-01',
          consent: 'yes'
        })
      ).code
    ).toBe('FORBIDDEN')
    const badDate = await nurse.fails('patients:register', {
      name: 'X',
      dateOfBirth: '02/04/1980',
      consent: 'yes'
    })
    expect(badDate.code).toBe('INVALID_ARGUMENT')
    expect(badDate.message).toMatch(/dateOfBirth/)
    expect(
      (
        await nurse.fails('patients:register', {
          name: 'Jo',
          dateOfBirth: '1990-01-01',
          mrn: 'M1',
          consent: 'yes'
        })
      ).code
    ).toBe('CONFLICT')
  })

  it('searches patients by any part of a name, MRN or date of birth, for every role', async () => {
    const names = async (client: IpcClient, query: string) =>
      (await client.call('patients:search', { query })).patients.map((p) => p.name)
    expect(await names(nurse, 'jo')).toEqual(['Jo Bloggs'])
    expect(await names(doctor, 'BLOG')).toEqual(['Jo Bloggs'])
    expect(await names(auditor, '1975')).toEqual(['Ann Other'])
    expect(await names(nurse, 'm1')).toEqual(['Jo Bloggs'])
    expect(await names(nurse, '04-02 jo')).toEqual(['Jo Bloggs'])
    expect(await names(nurse, 'zz')).toEqual([])
    expect(await nurse.call('patients:search', { query: '', limit: 1 })).toMatchObject({
      total: 2,
      patients: [{ name: 'Ann Other' }]
    })
    expect((await nurse.fails('patients:search', { query: 'x'.repeat(201) })).code).toBe(
      'INVALID_ARGUMENT'
    )
    // Searching is audited once a minute per user, never with the query.
    const searched = harness.app.store.auditLog
      .recent(100)
      .filter((e) => e.action === 'patient.searched')
    expect(searched.map((e) => e.actor).sort()).toEqual(['aud', 'dora', 'nina'])
    expect(JSON.stringify(searched)).not.toMatch(/jo|blog/i)
  })

  it('adds a record at once; its ACK, then its sync, arrive as record:changed', async () => {
    const added = await nurse.call('records:add', {
      patientId,
      template: 'vitals',
      attributes: VITALS
    })
    expect(added).toMatchObject({ state: 'queued', template: { slug: 'vital-signs', version: 1 } })
    vitalsTid = added.tid
    await settled(vitalsTid, 'anchored')
    await settled(vitalsTid, 'synced')

    const refused = await nurse.call('records:add', {
      patientId,
      template: 'vital-signs@1',
      attributes: { ...VITALS, heartRate: 300 }
    })
    refusedTid = refused.tid
    expect((await settled(refusedTid, 'rejected')).rejection).toEqual({
      code: 16,
      name: 'RULE_FAILED_0',
      explanation: 'Heart rate (heartRate) must be between 20 and 250 /min',
      attribute: 'heartRate'
    })

    expect(
      (await auditor.fails('records:add', { patientId, template: 'vitals', attributes: VITALS }))
        .code
    ).toBe('FORBIDDEN')
    expect(
      await pathologist.fails('records:add', { patientId, template: 'vitals', attributes: VITALS })
    ).toEqual({ code: 'FORBIDDEN', message: 'a pathologist may not enter Vital signs records' })
    expect(
      (
        await nurse.fails('records:add', {
          patientId,
          template: 'vitals',
          attributes: { heartRate: { a: 1 } }
        })
      ).code
    ).toBe('INVALID_ARGUMENT')
    expect(
      (
        await nurse.fails('records:add', {
          patientId,
          template: 'vitals',
          attributes: { heartRate: 'fast' }
        })
      ).code
    ).toBe('INVALID_ARGUMENT')
  })

  it("lists a patient's timeline decrypted, a page at a time, with corrections linked", async () => {
    const correction = await doctor.call('records:add', {
      patientId,
      template: 'vitals',
      attributes: { ...VITALS, temperature: 37.4 },
      supersedes: vitalsTid
    })
    await settled(correction.tid, 'anchored')

    const view = await doctor.call('patients:get', { patientId: 'M1' })
    expect(view.patient).toMatchObject({ id: patientId, name: 'Jo Bloggs' })
    const items = view.timeline.items
    expect(items.map((i) => i.template.slug)).toEqual([
      'vital-signs',
      'vital-signs',
      'vital-signs',
      'patient-registration'
    ])
    const [newest] = items
    expect(newest).toMatchObject({
      tid: correction.tid,
      supersedes: vitalsTid,
      author: { username: 'dora', displayName: 'dora (doctor)' },
      attributes: { temperature: 37.4 },
      badge: { state: 'unknown' }
    })
    const original = items.find((i) => i.tid === vitalsTid)
    expect(original).toMatchObject({
      state: 'synced',
      supersededBy: correction.tid,
      attributes: VITALS
    })
    expect(items.find((i) => i.tid === refusedTid)?.rejection?.attribute).toBe('heartRate')

    const first = await nurse.call('records:list', { patientId, limit: 3 })
    expect(first.items).toHaveLength(3)
    expect(first.nextCursor).not.toBeNull()
    const rest = await nurse.call('records:list', {
      patientId,
      limit: 3,
      before: first.nextCursor ?? undefined
    })
    expect(rest.items.map((i) => i.template.slug)).toEqual(['patient-registration'])
    expect(rest.nextCursor).toBeNull()
    expect((await nurse.fails('records:list', { patientId, before: 'junk' })).code).toBe(
      'INVALID_ARGUMENT'
    )

    expect(await auditor.call('records:get', { tid: vitalsTid })).toMatchObject({
      attributes: VITALS
    })
    expect((await nurse.fails('records:get', { tid: `0x${'00'.repeat(16)}` })).code).toBe(
      'NOT_FOUND'
    )
    expect((await nurse.fails('records:get', { tid: 'not-a-tid' })).code).toBe('INVALID_ARGUMENT')
    expect((await nurse.fails('patients:get', { patientId: 'nobody' })).code).toBe('NOT_FOUND')

    const series = await nurse.call('records:series', {
      patientId,
      template: 'vitals',
      attributes: ['heartRate', 'temperature']
    })
    expect(series.series[0]).toMatchObject({
      attribute: 'heartRate',
      unit: '/min',
      range: { min: 20, max: 250 },
      usual: { low: 51, high: 90, source: 'NEWS2 score 0' }
    })
    // The refused record is not a reading.
    expect(series.series[1]?.points.map((p) => p.value)).toEqual([37.1, 37.4])
    expect(
      (await nurse.fails('records:series', { patientId, template: 'vitals', attributes: ['nope'] }))
        .code
    ).toBe('INVALID_ARGUMENT')
  })

  it('shows the status bar, the queue and sync; admins retry', async () => {
    const status = await nurse.call('status:get', {})
    expect(status).toMatchObject({ node: 'up', cloud: 'up', offline: false })
    expect(await nurse.call('sync:status', {})).toMatchObject({ background: true, problems: 0 })
    const round = await nurse.call('sync:now', {})
    expect(round.conflicts).toEqual([])

    const queue = await admin.call('queue:list', {})
    expect(queue.counts.rejected).toBe(2)
    expect(queue.items.filter((i) => i.stage === 'rejected').map((i) => i.tid)).toContain(
      refusedTid
    )
    expect(queue.items.find((i) => i.tid === refusedTid)?.rejection?.attribute).toBe('heartRate')
    expect((await nurse.fails('queue:list', {})).code).toBe('FORBIDDEN')
    expect(await admin.call('queue:retry', {})).toEqual({ cloud: 0, ledger: 0 })
    expect((await admin.fails('queue:retry', { tids: [] })).code).toBe('INVALID_ARGUMENT')
  })

  it('queues while the cloud is unreachable, says offline, and drains once it is back', async () => {
    await admin.call('cloud:set', {
      settings: { engine: 'postgres', host: '127.0.0.1', port: 9, tls: { mode: 'off' } },
      password: 'secret'
    })
    await harness.event('status:changed', (s) => s.cloud === 'down' && s.offline)
    const added = await nurse.call('records:add', {
      patientId,
      template: 'vitals',
      attributes: VITALS
    })
    await settled(added.tid, 'anchored')
    await expect
      .poll(
        async () => (await admin.call('queue:list', {})).items.find((i) => i.tid === added.tid),
        {
          timeout: 30_000
        }
      )
      .toMatchObject({
        stage: 'cloud',
        attempts: 1,
        lastError: expect.stringMatching(/127\.0\.0\.1:9/) as string
      })
    expect((await nurse.fails('sync:now', {})).code).toBe('UNAVAILABLE')

    expect(await admin.call('cloud:set', { settings: { engine: 'sqlite' } })).toMatchObject({
      engine: 'sqlite',
      secretStore: null
    })
    expect(await admin.call('queue:retry', { tids: [added.tid] })).toEqual({ cloud: 1, ledger: 0 })
    await settled(added.tid, 'synced')
    await harness.event(
      'status:changed',
      (s) => s.cloud === 'up' && !s.offline && s.queue.cloudBacklog === 0
    )
  })

  it("verifies one record's badge, audits the cloud with evidence and progress, and restores", async () => {
    expect(await nurse.call('records:verify', { tid: vitalsTid })).toMatchObject({
      state: 'verified'
    })
    expect(await nurse.call('records:verify', { tid: refusedTid })).toMatchObject({
      state: 'pending',
      detail: 'refused by the ledger: never valid, nothing to verify'
    })

    // A row altered behind the app's back.
    const cloud = new BetterSqlite3(harness.app.paths.cloudDb)
    cloud
      .prepare('UPDATE records SET clinician_seq = clinician_seq + 1000 WHERE tid = ?')
      .run(vitalsTid)
    cloud.close()
    expect(await nurse.call('records:verify', { tid: vitalsTid })).toMatchObject({
      state: 'problem',
      kind: 'modified'
    })
    const listed = await nurse.call('records:list', { patientId })
    expect(listed.items.find((i) => i.tid === vitalsTid)?.badge).toMatchObject({ state: 'problem' })

    const runId = randomUUID()
    const audit = await auditor.call('audit:verify', { runId })
    expect(audit.runId).toBe(runId)
    expect(audit.problems).toEqual([
      expect.objectContaining({
        tid: vitalsTid,
        kind: 'modified',
        evidence: expect.objectContaining({
          differences: [expect.objectContaining({ field: 'clinicianSeq' }) as unknown]
        }) as unknown
      })
    ])
    expect(audit.checked).toBeGreaterThan(audit.verified)
    await harness.event('audit:progress', (p) => p.runId === runId && p.cloud > 0)
    expect((await nurse.fails('audit:verify', {})).code).toBe('FORBIDDEN')
    expect((await admin.fails('audit:verify', { since: 'yesterday' })).code).toBe(
      'INVALID_ARGUMENT'
    )

    expect((await auditor.fails('audit:restore', { all: true })).code).toBe('FORBIDDEN')
    const restored = await admin.call('audit:restore', { tids: [vitalsTid] })
    expect(restored.outcomes).toEqual([
      expect.objectContaining({ tid: vitalsTid, kind: 'modified', action: 'rewritten' })
    ])
    expect(await nurse.call('records:verify', { tid: vitalsTid })).toMatchObject({
      state: 'verified'
    })
    expect((await admin.call('audit:verify', { patient: 'M1' })).problems).toEqual([])
  })

  it('answers the audit report and a FHIR bundle to download, and pages the security log', async () => {
    const html = await auditor.call('audit:report', { format: 'html' })
    expect(html).toMatchObject({ outcome: 'verified', problems: 0 })
    expect(html.files).toHaveLength(1)
    expect(html.files[0]?.content).toMatch(/<html/i)
    expect(html.files[0]?.mediaType).toBe('text/html; charset=utf-8')
    const csv = await admin.call('audit:report', { format: 'csv', patient: 'M1' })
    expect(csv.files.map((f) => f.fileName)).toEqual([
      expect.stringMatching(/\.csv$/),
      expect.stringMatching(/\.summary\.csv$/),
      expect.stringMatching(/\.batches\.csv$/)
    ])
    expect((await nurse.fails('audit:report', { format: 'html' })).code).toBe('FORBIDDEN')
    expect((await admin.fails('audit:report', { format: 'pdf' })).code).toBe('INVALID_ARGUMENT')

    const exported = await doctor.call('export:fhir', { patientId: 'M1' })
    const bundle = JSON.parse(exported.file.content) as { resourceType: string }
    expect(bundle.resourceType).toBe('Bundle')
    expect(exported).toMatchObject({ excluded: { rejected: 1 }, inconsistent: [] })
    expect(exported.file.fileName).toMatch(/\.fhir\.json$/)
    expect((await auditor.fails('export:fhir', { patientId: 'M1' })).code).toBe('FORBIDDEN')

    const page = await auditor.call('audit:log', { limit: 5 })
    expect(page.entries).toHaveLength(5)
    expect(page.entries[0]!.seq).toBeGreaterThan(page.entries[4]!.seq)
    const older = await auditor.call('audit:log', {
      limit: 5,
      before: page.nextBefore ?? undefined
    })
    expect(older.entries[0]!.seq).toBe(page.entries[4]!.seq - 1)
    const actions = new Set(older.entries.concat(page.entries).map((e) => e.action))
    expect(actions.size).toBeGreaterThan(0)
    expect((await doctor.fails('audit:log', {})).code).toBe('FORBIDDEN')

    // The chain of entries and its anchors, as `audit log --verify`; the check is an entry.
    const check = await auditor.call('audit:verify-log', {})
    expect(check).toMatchObject({ ok: true, broken: [], mismatched: [] })
    expect(check.entries).toBe(check.lastSeq)
    expect(check.entries).toBeGreaterThan(page.entries[0]!.seq)
    expect(check.anchoredThrough).toBeLessThanOrEqual(check.lastSeq)
    expect(check.unanchored?.to ?? check.anchoredThrough).toBe(check.lastSeq)
    const after = await auditor.call('audit:log', { limit: 2 })
    expect(after.entries.map((e) => e.action)).toEqual(['audit.log-verified', 'audit.log-viewed'])
    expect((await doctor.fails('audit:verify-log', {})).code).toBe('FORBIDDEN')
  })

  it('will not reset the password of a user whose key signed records', async () => {
    const refused = await admin.fails('users:reset-password', {
      username: 'nina',
      newPassword: 'nina-pass-9'
    })
    expect(refused.code).toBe('CONFLICT')
    expect(refused.message).toMatch(/nina's key has signed \d+ record\(s\)/)
  })
})
