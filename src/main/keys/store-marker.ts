import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { makeError } from '../../shared/errors'
import { writeFileAtomic } from './atomic-file'

/**
 * The data dir's record that its device secrets live in the OS keychain.
 * Without it, a workstation whose keychain stops answering (D-Bus down, run
 * over SSH) would quietly start a fresh vault with fresh secrets, and PHI
 * encrypted under the old data key would become unreadable. Holds no secret.
 */
export const STORE_MARKER_FILE = 'secret-store.json'

const markerSchema = z.looseObject({
  format: z.literal('mediblock-secret-store'),
  version: z.literal(1),
  kind: z.literal('keychain'),
  service: z.string().min(1),
  chosenAt: z.string()
})

export type StoreMarker = z.infer<typeof markerSchema>

/** The marker's path in `dataDir`. */
export function storeMarkerPath(dataDir: string): string {
  return join(dataDir, STORE_MARKER_FILE)
}

/** The marker, or `undefined` when the data dir has none. */
export function readStoreMarker(dataDir: string): StoreMarker | undefined {
  const path = storeMarkerPath(dataDir)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw makeError(`cannot read ${path}`, 'UNAVAILABLE', { path }, cause)
  }
  try {
    return markerSchema.parse(JSON.parse(text))
  } catch (cause) {
    throw makeError(`${path} is malformed`, 'INVALID_ARGUMENT', { path }, cause)
  }
}

/** Records that `dataDir` keeps its secrets in the keychain under `service`. */
export function writeStoreMarker(dataDir: string, service: string): void {
  const marker: StoreMarker = {
    format: 'mediblock-secret-store',
    version: 1,
    kind: 'keychain',
    service,
    chosenAt: new Date().toISOString()
  }
  writeFileAtomic(storeMarkerPath(dataDir), `${JSON.stringify(marker, null, 2)}\n`)
}
