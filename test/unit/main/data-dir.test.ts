import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dataDirLayout, defaultDataDir, resolveDataDir } from '../../../src/main/config/data-dir'

const linux = { env: {}, platform: 'linux' as const, home: '/home/ana' }

describe('data dir', () => {
  it('prefers --data-dir, then $MEDIBLOCK_HOME, then the OS app-data dir', () => {
    const env = {
      env: { MEDIBLOCK_HOME: '/srv/mb' },
      platform: 'linux' as const,
      home: '/home/ana'
    }
    expect(resolveDataDir('/tmp/x', env)).toBe('/tmp/x')
    expect(resolveDataDir(undefined, env)).toBe('/srv/mb')
    expect(resolveDataDir(undefined, linux)).toBe('/home/ana/.config/MediBlock')
  })

  it('resolves a relative --data-dir against the working directory', () => {
    expect(resolveDataDir('rel/dir', linux)).toBe(resolve('rel/dir'))
  })

  it('matches Electron userData on each OS', () => {
    expect(
      defaultDataDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home: '/h' })
    ).toBe('/xdg/MediBlock')
    expect(defaultDataDir({ env: {}, platform: 'darwin', home: '/Users/ana' })).toBe(
      '/Users/ana/Library/Application Support/MediBlock'
    )
    expect(
      defaultDataDir({
        env: { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        platform: 'win32',
        home: 'C:\\Users\\ana'
      })
    ).toBe(join('C:\\Users\\ana\\AppData\\Roaming', 'MediBlock'))
  })

  it('lays every store out under the one root', () => {
    const layout = dataDirLayout('/d')
    for (const path of Object.values({ ...layout })) expect(path.startsWith('/d')).toBe(true)
    expect(layout.localDb).toBe('/d/local.db')
    expect(layout.cloudDb).toBe('/d/cloud.db')
    expect(layout.logFile).toBe('/d/logs/mediblock.log')
  })
})
