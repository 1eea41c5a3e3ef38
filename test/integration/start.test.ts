import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../support/cli'
import { tempDir } from '../support/temp-dir'

describe('npm start', () => {
  it('without a display, says why in one line and serves browser mode on the data dir', async () => {
    const dataDir = tempDir()
    const env = { ...process.env }
    delete env['DISPLAY']
    delete env['WAYLAND_DISPLAY']
    const child = spawn(
      process.execPath,
      [resolve(ROOT, 'scripts/start.mjs'), '--data-dir', dataDir],
      { env }
    )
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/Press Ctrl\+C to stop/)
    const lines = out.trim().split('\n')
    expect(lines[0]).toBe(
      'MediBlock: cannot open the desktop window (no display); starting browser mode instead.'
    )
    expect(out).toContain(`data dir ${dataDir}`)
    const url = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out)?.[1]
    expect(url).toBeDefined()
    const page = await fetch(new URL('/', url))
    expect(page.status).toBe(200)
    const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(err).toBe('')
  })
})
