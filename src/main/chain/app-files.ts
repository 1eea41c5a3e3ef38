import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { makeError } from '../../shared/errors'

/**
 * The folder holding `contracts/artifacts/` and `resources/`: MEDIBLOCK_APP_ROOT, else the
 * nearest ancestor of this module that has both (the repository, or the packaged app).
 * Read at run time rather than bundled, as the layer rules keep src/ from importing them.
 */
export function appRoot(): string {
  const fromEnv = process.env['MEDIBLOCK_APP_ROOT']
  if (fromEnv) return fromEnv
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'contracts', 'artifacts')) && existsSync(join(dir, 'resources'))) {
      return dir
    }
    if (dirname(dir) === dir) {
      throw makeError('cannot find the contract artifacts and resources', 'NOT_CONFIGURED')
    }
  }
}

/** A JSON file under the app root, parsed. */
export function readAppJson(...path: string[]): unknown {
  const file = join(appRoot(), ...path)
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown
  } catch (cause) {
    throw makeError(`cannot read ${path.join('/')}`, 'NOT_CONFIGURED', { file }, cause)
  }
}
