import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { layerConfigs } from '../../../eslint/layers.mjs'

const ROOT = resolve(import.meta.dirname, '../../..')

async function violations(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: layerConfigs })
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, file) })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

describe('layer rules (lint)', () => {
  it('keeps electron out of the core', async () => {
    expect(await violations('src/main/core/x.ts', "import { app } from 'electron'")).toHaveLength(1)
    expect(await violations('src/main/cli/x.ts', "const e = require('electron')")).toHaveLength(1)
    expect(await violations('src/main/electron/x.ts', "import { app } from 'electron'")).toEqual([])
    expect(await violations('src/main/index.ts', "import { app } from 'electron'")).toEqual([])
    expect(await violations('src/preload/x.ts', "import { ipcRenderer } from 'electron'")).toEqual(
      []
    )
  })

  it('lets the renderer import only shared and itself', async () => {
    const file = 'src/renderer/src/screens/x.ts'
    expect(
      await violations(file, "import { x } from '../../../main/core/create-app'")
    ).toHaveLength(1)
    expect(await violations(file, "import { x } from '../../../preload/bridge'")).toHaveLength(1)
    expect(await violations(file, "import { readFile } from 'node:fs'")).toHaveLength(1)
    expect(await violations(file, "import { x } from '../../../shared/errors'")).toEqual([])
    expect(await violations(file, "import { x } from '../state/store'")).toEqual([])
    expect(await violations(file, "import { Button } from '@mantine/core'")).toEqual([])
  })

  it('keeps Node, DOM-land and Electron out of shared', async () => {
    const file = 'src/shared/ipc/x.ts'
    expect(await violations(file, "import { createHash } from 'node:crypto'")).toHaveLength(1)
    expect(await violations(file, "import path from 'path'")).toHaveLength(1)
    expect(await violations(file, "import { x } from '../../main/core/session'")).toHaveLength(1)
    expect(await violations(file, "import { x } from '../../renderer/src/App'")).toHaveLength(1)
    expect(await violations(file, "export * from '../../main/log/logger'")).toHaveLength(1)
    expect(await violations(file, "import { z } from 'zod'")).toEqual([])
  })

  it('lets the core read the data it ships with, and nothing else outside src', async () => {
    const file = 'src/main/chain/x.ts'
    expect(
      await violations(file, "import v from '../../../resources/templates/vital-signs.json'")
    ).toEqual([])
    expect(await violations(file, "import v from '../../../test/support/cli'")).toHaveLength(1)
    expect(
      await violations(
        'src/renderer/src/x.ts',
        "import v from '../../../resources/templates/a.json'"
      )
    ).toHaveLength(1)
  })

  it('keeps the core from reaching into the renderer or the preload', async () => {
    expect(
      await violations('src/main/core/x.ts', "import { App } from '../../renderer/src/App'")
    ).toHaveLength(1)
    expect(
      await violations('src/main/core/x.ts', "const b = await import('../../preload/bridge')")
    ).toHaveLength(1)
  })
})
