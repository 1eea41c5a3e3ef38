import { afterEach, describe, expect, it } from 'vitest'
import { startBrowserMode, type BrowserMode } from '../../../src/main/server/browser-mode'
import type { RecordChanged, SessionState } from '../../../src/shared/ipc/schemas'
import { createHttpClient } from '../../../src/renderer/src/client/http-client'
import { rendererFixture } from '../../support/renderer-fixture'
import { tempDir } from '../../support/temp-dir'
import { ADMIN, useBuiltNode } from './ipc-clinic'

const TOKEN = 'test-token-0123456789abcdef'

describe('browser mode over HTTP', () => {
  let mode: BrowserMode | undefined
  afterEach(async () => {
    await mode?.stop()
    mode = undefined
  })

  it('sets up, logs a nurse in and adds a record; its ACK arrives over server-sent events', async () => {
    useBuiltNode()
    mode = await startBrowserMode({
      dataDir: tempDir(),
      rendererDir: rendererFixture(),
      token: TOKEN
    })
    const client = createHttpClient(TOKEN, `http://127.0.0.1:${mode.server.port}`)
    const changes: RecordChanged[] = []
    const sessions: SessionState[] = []
    client.on('record:changed', (change) => changes.push(change))
    client.on('session:changed', (state) => sessions.push(state))
    await expect.poll(() => mode?.app.events.size).toBeGreaterThan(0)

    await client.call('clinic:init', {
      clinicName: 'Riverside Clinic',
      admin: ADMIN,
      ledger: { kind: 'bundled' }
    })
    await client.call('users:create', {
      username: 'nina',
      displayName: 'Nina Okafor',
      role: 'nurse',
      password: 'nina-pass-1'
    })
    await expect(
      client.call('session:login', { username: 'nina', password: 'wrong-password' })
    ).rejects.toMatchObject({ code: 'WRONG_PASSWORD', message: 'wrong username or password' })
    expect(
      await client.call('session:login', { username: 'nina', password: 'nina-pass-1' })
    ).toEqual({
      user: { username: 'nina', displayName: 'Nina Okafor', role: 'nurse' },
      locked: false
    })
    await expect.poll(() => sessions.at(-1)?.user?.username).toBe('nina')

    const { patient } = await client.call('patients:register', {
      name: 'Jo Bloggs',
      dateOfBirth: '1980-04-02',
      mrn: 'M1',
      consent: 'yes'
    })
    const added = await client.call('records:add', {
      patientId: patient.id,
      template: 'vitals',
      attributes: { heartRate: 72, systolic: 120, diastolic: 80, temperature: 37.1 }
    })
    expect(added.state).toBe('queued')
    await expect
      .poll(() => changes.filter((c) => c.tid === added.tid).map((c) => c.state), {
        timeout: 30_000
      })
      .toEqual(['anchored', 'synced'])
    expect(changes.find((c) => c.tid === added.tid)).toMatchObject({
      patientId: patient.id,
      rejection: null
    })
    // Admin channels stay closed to the nurse over HTTP too.
    await expect(client.call('users:list', {})).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
