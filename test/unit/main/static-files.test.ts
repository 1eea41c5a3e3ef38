import { describe, expect, it } from 'vitest'
import { mimeType, resolveStaticFile } from '../../../src/main/security/static-files'

describe('resolveStaticFile', () => {
  const root = '/srv/renderer'

  it('maps / to index.html and plain paths under the root', () => {
    expect(resolveStaticFile(root, '/')).toBe('/srv/renderer/index.html')
    expect(resolveStaticFile(root, '/assets/index-abc.js?v=1')).toBe(
      '/srv/renderer/assets/index-abc.js'
    )
  })

  it('refuses every way out of the root', () => {
    for (const path of [
      '/../package.json',
      '/assets/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
      '/assets%5c..%5c..%5csecret',
      '/index.html%00.js',
      '/%E0%A4%A'
    ]) {
      expect(resolveStaticFile(root, path), path).toBeNull()
    }
  })

  it('labels what the renderer build contains', () => {
    expect(mimeType('a/index.html')).toMatch(/^text\/html/)
    expect(mimeType('x.JS')).toMatch(/^text\/javascript/)
    expect(mimeType('x.css')).toMatch(/^text\/css/)
    expect(mimeType('x.unknown')).toBe('application/octet-stream')
  })
})
