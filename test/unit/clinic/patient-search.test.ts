import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { foldText, PatientIndex } from '../../../src/main/clinic/patient-search'
import type { App } from '../../../src/main/core/create-app'
import { DeviceSecrets, generateDeviceSecretValues } from '../../../src/main/keys/device-secrets'
import { LocalStore } from '../../../src/main/store/local-store'

const FIRST = ['Jo', 'Ann', 'Émile', 'Noor', 'Kwame', 'Mei', 'Lars', 'Ana', 'Ravi', 'Zoë']
const LAST = ['Bloggs', 'Okafor', 'Dupré', 'Haddad', 'Mensah', 'Chen', 'Berg', 'Silva', 'Iyer']

/** A store with `count` patients, PHI encrypted as the patients service stores it. */
function clinicWith(count: number) {
  const dir = mkdtempSync(join(tmpdir(), 'mediblock-search-'))
  const store = LocalStore.open(join(dir, 'local.db'))
  onTestFinished(() => {
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const secrets = new DeviceSecrets(generateDeviceSecretValues())
  const author = store.users.create({
    username: 'nina',
    displayName: 'Nina',
    role: 'nurse',
    address: `0x${'11'.repeat(20)}`
  })
  const add = (i: number) => {
    const id = randomUUID()
    const details = {
      name: `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]} ${i}`,
      dateOfBirth: `19${String(40 + (i % 60)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`,
      sex: 'unknown',
      mrn: `MRN-${String(i).padStart(6, '0')}`
    }
    store.patients.insert({
      id,
      pseudonym: secrets.pseudonym(id),
      phi: secrets.encryptPhi(JSON.stringify(details), id),
      createdBy: author.id
    })
  }
  for (let i = 0; i < count; i++) add(i)
  const app = { store } as unknown as App
  return { index: new PatientIndex(app, secrets), add }
}

describe('PatientIndex', () => {
  it('finds by any part of a name (case and accents folded), MRN or date of birth, exact MRN first', () => {
    const { index, add } = clinicWith(40)
    expect(index.search('emile', 50).patients.map((p) => p.name)).toEqual(
      ['Émile Bloggs 2', 'Émile Dupré 22', 'Émile Okafor 12', 'Émile Haddad 32'].sort((a, b) =>
        a.localeCompare(b)
      )
    )
    expect(index.search('dupre 22', 50).patients.map((p) => p.name)).toEqual(['Émile Dupré 22'])
    expect(index.search('mrn-000007', 50).patients[0]?.mrn).toBe('MRN-000007')
    expect(index.search('1947-08', 50).patients.map((p) => p.mrn)).toEqual(['MRN-000007'])
    expect(index.search('', 5)).toMatchObject({ total: 40 })
    expect(index.search('', 5).patients).toHaveLength(5)
    expect(index.search('nobody', 5)).toEqual({ patients: [], total: 0 })
    // Patients added later (here or pulled) are found at the next search.
    add(40)
    expect(index.search('', 5).total).toBe(41)
    expect(index.find('MRN-000040')?.name).toBe('Jo Mensah 40')
    expect(foldText('ÉMILE Dupré')).toBe('emile dupre')
  })

  it.each([1_000, 5_000])('searches %i patients as one types, in milliseconds', (count) => {
    const { index } = clinicWith(count)
    let started = performance.now()
    index.refresh()
    const build = performance.now() - started
    const queries = ['j', 'jo', 'jo b', 'jo bl', 'okafor', '1962', 'mrn-0042', 'zoë s', '']
    const times: number[] = []
    for (let round = 0; round < 5; round++) {
      for (const query of queries) {
        started = performance.now()
        index.search(query, 50)
        times.push(performance.now() - started)
      }
    }
    times.sort((a, b) => a - b)
    const p95 = times[Math.floor(times.length * 0.95)] ?? 0
    console.info(
      `patient search, ${count} patients: index built (decrypted) in ${build.toFixed(1)} ms; ` +
        `a search: median ${times[Math.floor(times.length / 2)]?.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms`
    )
    // Generous bounds for a loaded 2-core machine; the figures are in the log above.
    expect(p95).toBeLessThan(count <= 1_000 ? 25 : 60)
    expect(build).toBeLessThan(count <= 1_000 ? 1_500 : 5_000)
  })
})
