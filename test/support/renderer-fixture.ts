import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { tempDir } from './temp-dir'

/** A minimal renderer build (index.html + one asset), for server tests. */
export function rendererFixture(): string {
  const dir = join(tempDir(), 'renderer')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><title>MediBlock</title><div id="root"></div>'
  )
  writeFileSync(join(dir, 'assets', 'app.js'), 'export const x = 1\n')
  writeFileSync(join(dir, '..', 'outside.txt'), 'not for the browser')
  return dir
}
