import { describe, expect, it } from 'vitest'
import { mediblock, startServe, stop } from '../support/cli'
import { tempDir } from '../support/temp-dir'

describe('mediblock CLI', () => {
  it('prints help for the program and for each command, exit 0', () => {
    const root = mediblock(['--help'])
    expect(root.status).toBe(0)
    expect(root.stdout).toMatch(/Usage: mediblock/)
    expect(root.stdout).toMatch(/status/)
    expect(root.stdout).toMatch(/serve/)
    for (const command of ['status', 'serve']) {
      const sub = mediblock([command, '--help'])
      expect(sub.status, command).toBe(0)
      expect(sub.stdout).toMatch(new RegExp(`Usage: mediblock ${command}`))
    }
  })

  it('prints its version', () => {
    const run = mediblock(['--version'])
    expect(run.status).toBe(0)
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  })

  it('rejects a bad flag, a bad command and a bad value with one line on stderr and exit 2', () => {
    for (const args of [
      ['--frobnicate'],
      ['statu'],
      ['serve', '--port', 'eighty'],
      ['serve', '--port', '70000']
    ]) {
      const run = mediblock(args)
      expect(run.status, args.join(' ')).toBe(2)
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1)
      expect(run.stderr).toMatch(/^mediblock: /)
      expect(run.stderr).not.toMatch(/\s+at .+:\d+/)
    }
  })

  it('reports status as one JSON document with --json, on the data dir it was given', () => {
    const dataDir = tempDir()
    const run = mediblock(['--json', '--data-dir', dataDir, 'status'])
    expect(run.status).toBe(0)
    const info = JSON.parse(run.stdout) as Record<string, unknown>
    expect(info).toMatchObject({ name: 'MediBlock', face: 'cli', dataDir, clinic: null })
  })

  it('takes the data dir from $MEDIBLOCK_HOME when no flag is given', () => {
    const dataDir = tempDir()
    const run = mediblock(['status', '--json'], { MEDIBLOCK_HOME: dataDir })
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout)).toMatchObject({ dataDir })
    expect(mediblock(['status'], { MEDIBLOCK_HOME: dataDir }).stdout).toMatch(/Data dir\s+\S+/)
  })

  it('fails with exit 2 and one line when the data dir cannot be used', () => {
    const blocked = mediblock(['--data-dir', '/proc/version/x', 'status'])
    expect(blocked.status).toBe(2)
    expect(blocked.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('serves browser mode until SIGTERM, then exits 0', async () => {
    const dataDir = tempDir()
    const { child, url, port } = await startServe(dataDir)
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#token=[A-Za-z0-9_-]{43}$`))
    const token = new URL(url).hash.replace('#token=', '')
    const response = await fetch(`http://127.0.0.1:${port}/rpc/app:info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: '{}'
    })
    expect(await response.json()).toMatchObject({ ok: true, value: { face: 'browser', dataDir } })
    expect(await stop(child)).toBe(0)
  })

  it('says in one line when the port is taken', async () => {
    const dataDir = tempDir()
    const first = await startServe(dataDir)
    const second = mediblock(['--data-dir', tempDir(), 'serve', '--port', String(first.port)])
    expect(second.status).toBe(2)
    expect(second.stderr.trim()).toBe(`mediblock: port ${first.port} is already in use`)
    await stop(first.child)
  })
})
