import { createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { pseudonym } from '../../../src/main/crypto/pseudonym'
import { thrown } from '../../support/thrown'

describe('patient pseudonym', () => {
  const secret = randomBytes(32)

  it('is a deterministic 0x-prefixed bytes32', () => {
    const p = pseudonym(secret, 'MRN-0001')
    expect(p).toMatch(/^0x[0-9a-f]{64}$/)
    expect(pseudonym(Buffer.from(secret), 'MRN-0001')).toBe(p)
  })

  it('separates patients, and clinics (secrets)', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `MRN-${i}`)
    expect(new Set(ids.map((id) => pseudonym(secret, id))).size).toBe(ids.length)
    expect(pseudonym(randomBytes(32), 'MRN-0001')).not.toBe(pseudonym(secret, 'MRN-0001'))
    // Ids are taken exactly: no trimming or case folding merges two patients.
    expect(pseudonym(secret, 'mrn-0001')).not.toBe(pseudonym(secret, 'MRN-0001'))
    expect(pseudonym(secret, 'MRN-0001 ')).not.toBe(pseudonym(secret, 'MRN-0001'))
  })

  it('is domain-separated from a bare HMAC of the id under the same secret', () => {
    const bare = `0x${createHmac('sha256', secret).update('MRN-0001').digest('hex')}`
    expect(pseudonym(secret, 'MRN-0001')).not.toBe(bare)
  })

  it('refuses a short secret and an empty id', () => {
    expect(thrown(() => pseudonym(randomBytes(16), 'MRN-1')).code).toBe('INVALID_ARGUMENT')
    expect(thrown(() => pseudonym(secret, '')).code).toBe('INVALID_ARGUMENT')
  })
})
