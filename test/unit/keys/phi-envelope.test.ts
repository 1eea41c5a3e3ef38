import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { decryptPhi, encryptPhi, PHI_ENVELOPE_VERSION } from '../../../src/main/crypto/phi-envelope'
import { thrown } from '../../support/thrown'

const key = randomBytes(32)

describe('PHI envelope', () => {
  it('round-trips text and bytes under the same key and aad', () => {
    const text = 'BP 120/80, Ana Souza, born 1980-02-03 — ünïcode'
    expect(decryptPhi(key, encryptPhi(key, text, 'tid-1'), 'tid-1').toString('utf8')).toBe(text)
    const bytes = randomBytes(1000)
    expect(decryptPhi(key, encryptPhi(key, bytes, Buffer.from('tid-2')), 'tid-2')).toEqual(bytes)
    expect(decryptPhi(key, encryptPhi(key, '', 'tid-3'), 'tid-3').byteLength).toBe(0)
  })

  it('is versioned, and never repeats a ciphertext for the same input', () => {
    const a = encryptPhi(key, 'same', 'tid')
    const b = encryptPhi(key, 'same', 'tid')
    expect(a[0]).toBe(PHI_ENVELOPE_VERSION)
    expect(a.byteLength).toBe(1 + 12 + 4 + 16)
    expect(a.equals(b)).toBe(false)
    expect(a.includes(Buffer.from('same'))).toBe(false)
  })

  it('fails with a coded error, never garbage, when any byte is altered', () => {
    const envelope = encryptPhi(key, 'glucose 5.4 mmol/L', 'tid-9')
    for (let i = 0; i < envelope.byteLength; i++) {
      const altered = Buffer.from(envelope)
      altered[i] = (altered[i] ?? 0) ^ 0x01
      const error = thrown(() => decryptPhi(key, altered, 'tid-9'))
      expect(error.code, `byte ${i}`).toBe('INVALID_ARGUMENT')
    }
  })

  it('refuses the wrong key, the wrong aad, an unknown version and a truncated envelope', () => {
    const envelope = encryptPhi(key, 'note', 'tid-1')
    expect(thrown(() => decryptPhi(randomBytes(32), envelope, 'tid-1')).code).toBe(
      'INVALID_ARGUMENT'
    )
    expect(thrown(() => decryptPhi(key, envelope, 'tid-2')).message).toMatch(/integrity/)
    const v2 = Buffer.from(envelope)
    v2[0] = 2
    expect(thrown(() => decryptPhi(key, v2, 'tid-1')).message).toMatch(
      /unknown PHI envelope version 2/
    )
    expect(thrown(() => decryptPhi(key, envelope.subarray(0, 28), 'tid-1')).message).toMatch(
      /too short/
    )
  })

  it('accepts only 32-byte keys', () => {
    expect(thrown(() => encryptPhi(randomBytes(16), 'x', 'a')).code).toBe('INVALID_ARGUMENT')
    expect(thrown(() => decryptPhi(randomBytes(31), Buffer.alloc(40), 'a')).code).toBe(
      'INVALID_ARGUMENT'
    )
  })
})
