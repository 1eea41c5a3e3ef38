import { networkInterfaces } from 'node:os'
import { connect } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startBrowserMode, type BrowserMode } from '../../src/main/server/browser-mode'
import { createHttpClient } from '../../src/renderer/src/client/http-client'
import { rawRequest } from '../support/http'
import { rendererFixture } from '../support/renderer-fixture'
import { tempDir } from '../support/temp-dir'

const TOKEN = 'test-token-0123456789abcdef'

async function start(): Promise<BrowserMode> {
  return startBrowserMode({ dataDir: tempDir(), rendererDir: rendererFixture(), token: TOKEN })
}

function rpc(
  mode: BrowserMode,
  channel: string,
  headers: Record<string, string> = {},
  body = '{}'
) {
  return rawRequest(mode.server.port, {
    method: 'POST',
    path: `/rpc/${channel}`,
    headers: {
      Host: `127.0.0.1:${mode.server.port}`,
      Authorization: `Bearer ${TOKEN}`,
      'Content-Type': 'application/json',
      ...headers
    },
    body
  })
}

describe('browser-mode server', () => {
  let mode: BrowserMode | undefined
  afterEach(async () => {
    await mode?.stop()
    mode = undefined
  })

  it('listens on 127.0.0.1 only, and prints a URL carrying the token in its fragment', async () => {
    mode = await start()
    expect(mode.server.url).toBe(`http://127.0.0.1:${mode.server.port}/#token=${TOKEN}`)
    const external = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)
    if (external) {
      // A non-loopback address of this machine must not reach the server.
      const refused = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port: mode?.server.port ?? 0 })
        socket.once('connect', () => {
          socket.destroy()
          resolve(false)
        })
        socket.once('error', () => resolve(true))
      })
      expect(refused).toBe(true)
    }
  })

  it('answers a channel for the right token', async () => {
    mode = await start()
    const response = await rpc(mode, 'app:info')
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { face: 'browser' } })
  })

  it('refuses requests without the token, or with a wrong one, with 401', async () => {
    mode = await start()
    for (const authorization of [
      undefined,
      'Bearer wrong-token-0123456789',
      `Basic ${TOKEN}`,
      TOKEN
    ]) {
      const headers: Record<string, string> = {
        Host: `127.0.0.1:${mode.server.port}`,
        'Content-Type': 'application/json'
      }
      if (authorization) headers['Authorization'] = authorization
      const response = await rawRequest(mode.server.port, {
        method: 'POST',
        path: '/rpc/app:info',
        headers,
        body: '{}'
      })
      expect(response.status, authorization).toBe(401)
      expect(JSON.parse(response.body)).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' }
      })
    }
    const events = await rawRequest(mode.server.port, {
      path: '/events',
      headers: { Host: `127.0.0.1:${mode.server.port}` }
    })
    expect(events.status).toBe(401)
  })

  it('refuses a foreign Host (DNS rebinding), even with the token', async () => {
    mode = await start()
    for (const host of [
      'evil.example',
      `evil.example:${mode.server.port}`,
      '127.0.0.1:1',
      '10.0.0.5'
    ]) {
      const response = await rpc(mode, 'app:info', { Host: host })
      expect(response.status, host).toBe(403)
    }
    const page = await rawRequest(mode.server.port, { headers: { Host: 'rebind.example' } })
    expect(page.status).toBe(403)
    expect((await rpc(mode, 'app:info', { Host: `localhost:${mode.server.port}` })).status).toBe(
      200
    )
  })

  it('refuses a foreign Origin, even with the token', async () => {
    mode = await start()
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1:1',
      'null',
      `http://evil.example:${mode.server.port}`
    ]) {
      const response = await rpc(mode, 'app:info', { Origin: origin })
      expect(response.status, origin).toBe(403)
    }
    expect(
      (await rpc(mode, 'app:info', { Origin: `http://127.0.0.1:${mode.server.port}` })).status
    ).toBe(200)
  })

  it('answers coded errors for bad requests', async () => {
    mode = await start()
    expect(JSON.parse((await rpc(mode, 'app:nope')).body)).toMatchObject({
      error: { code: 'UNKNOWN_CHANNEL' }
    })
    expect((await rpc(mode, 'app:info', {}, '{not json')).status).toBe(400)
    expect((await rpc(mode, 'app:info', { 'Content-Type': 'text/plain' })).status).toBe(415)
    expect(
      (await rpc(mode, 'app:info', {}, JSON.stringify({ pad: 'x'.repeat(2 << 20) }))).status
    ).toBe(413)
    const wrongMethod = await rawRequest(mode.server.port, {
      path: '/rpc/app:info',
      headers: { Host: `127.0.0.1:${mode.server.port}`, Authorization: `Bearer ${TOKEN}` }
    })
    expect(wrongMethod.status).toBe(405)
  })

  it('serves the renderer with its CSP and nothing outside it', async () => {
    mode = await start()
    const host = { Host: `127.0.0.1:${mode.server.port}` }
    const page = await rawRequest(mode.server.port, { headers: host })
    expect(page.status).toBe(200)
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(
      (await rawRequest(mode.server.port, { path: '/assets/app.js', headers: host })).status
    ).toBe(200)
    for (const path of [
      '/../outside.txt',
      '/%2e%2e/outside.txt',
      '/assets/..%2f..%2foutside.txt'
    ]) {
      const response = await rawRequest(mode.server.port, { path, headers: host })
      expect(response.status, path).toBe(404)
      expect(response.body).not.toMatch(/not for the browser/)
    }
  })

  it('streams core events to the renderer client and tells it when the core stops', async () => {
    mode = await start()
    const client = createHttpClient(TOKEN, `http://127.0.0.1:${mode.server.port}`)
    const sessions: unknown[] = []
    const closing = new Promise<unknown>((resolve) => client.on('app:closing', resolve))
    client.on('session:changed', (s) => sessions.push(s))
    expect(await client.call('app:info', {})).toMatchObject({ face: 'browser' })
    await expect.poll(() => mode?.app.events.size).toBeGreaterThan(0)
    // The stream is attached once the server has written its first frame.
    await new Promise((resolve) => setTimeout(resolve, 100))
    mode.app.events.emit('session:changed', { user: null, locked: true })
    await expect.poll(() => sessions).toEqual([{ user: null, locked: true }])
    await mode.stop('test over')
    expect(await closing).toEqual({ reason: 'test over' })
    await expect(client.call('app:info', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' })
  })
})
