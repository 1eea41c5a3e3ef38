import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import {
  denyPermissions,
  enforceCsp,
  registerAppScheme,
  serveRenderer
} from '../../../src/main/electron/protocol'
import { contentSecurityPolicy } from '../../../src/main/security/csp'
import {
  fakeElectron,
  fakeSession,
  headerHooks,
  permissionHandlers,
  protocolHandlers
} from '../../support/fake-electron'
import { tempDir } from '../../support/temp-dir'

vi.mock('electron', async () => (await import('../../support/fake-electron')).fakeElectron)

function rendererBuild(): string {
  const dir = tempDir()
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>MediBlock</title>')
  writeFileSync(join(dir, 'assets', 'index.js'), 'console.log(1)')
  writeFileSync(join(dir, '..', 'secret.txt'), 'outside')
  return dir
}

describe('app:// protocol', () => {
  it('registers app as a standard, secure scheme', () => {
    registerAppScheme()
    expect(fakeElectron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }
    ])
  })

  it('serves the renderer build with the CSP on documents, and nothing else', async () => {
    serveRenderer(fakeSession as never, rendererBuild())
    const handle = protocolHandlers.get('app')
    if (!handle) throw new Error('no app: handler')
    const page = await handle(new Request('app://mediblock/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    const script = await handle(new Request('app://mediblock/assets/index.js'))
    expect(script.status).toBe(200)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    for (const url of [
      'app://mediblock/%2e%2e/secret.txt',
      'app://mediblock/..%2fsecret.txt',
      'app://other/index.html',
      'app://mediblock/missing.js'
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404)
    }
  })

  it('adds the CSP header to every response the window loads', () => {
    enforceCsp(fakeSession as never)
    const hook = headerHooks.at(-1)
    const callback = vi.fn()
    hook?.({ responseHeaders: { 'X-Other': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [contentSecurityPolicy()] }
    })
  })

  it('refuses every permission request and check', () => {
    denyPermissions(fakeSession as never)
    const callback = vi.fn()
    permissionHandlers.request?.({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(permissionHandlers.check?.({}, 'notifications')).toBe(false)
  })
})
