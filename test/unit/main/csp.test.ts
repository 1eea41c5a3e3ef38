import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../../src/main/security/csp'

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp.split(';').map((part) => {
      const [name = '', ...values] = part.trim().split(/\s+/)
      return [name, values]
    })
  )
}

describe('content security policy', () => {
  it('allows scripts only from the app itself: no inline, no eval, no remote', () => {
    const csp = directives(contentSecurityPolicy())
    expect(csp.get('default-src')).toEqual(["'none'"])
    expect(csp.get('script-src')).toEqual(["'self'"])
    expect(csp.get('object-src')).toEqual(["'none'"])
    expect(csp.get('base-uri')).toEqual(["'none'"])
    expect(csp.get('frame-ancestors')).toEqual(["'none'"])
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|https?:|\*/)
  })

  it('connects only to the app, plus what a caller adds explicitly', () => {
    expect(directives(contentSecurityPolicy()).get('connect-src')).toEqual(["'self'"])
    expect(
      directives(contentSecurityPolicy({ connectSrc: ['ws://localhost:5173'] })).get('connect-src')
    ).toEqual(["'self'", 'ws://localhost:5173'])
  })
})
