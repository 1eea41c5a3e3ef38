import { randomBytes } from 'node:crypto'
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { makeError } from '../../shared/errors'

/**
 * Writes `data` to `path` so that a reader, or the file after a crash, holds
 * either the old content or the new, never a mix: write a temp file in the
 * same folder (owner-only), fsync it, rename it over `path`, then fsync the
 * folder so the rename itself is durable.
 *
 * With `exclusive`, the file must not exist yet (`CONFLICT` otherwise): the
 * temp file is hard-linked into place, which fails if anything is there, so
 * two processes creating the same file cannot both succeed.
 */
export function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { exclusive?: boolean } = {}
): void {
  const dir = dirname(path)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    // `wx`: never follow or reuse something already at the temp name.
    const fd = openSync(temp, 'wx', 0o600)
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data
      let written = 0
      while (written < bytes.byteLength) {
        written += writeSync(fd, bytes, written, bytes.byteLength - written)
      }
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    if (options.exclusive) {
      linkSync(temp, path)
      rmSync(temp)
    } else {
      renameSync(temp, path)
    }
  } catch (cause) {
    rmSync(temp, { force: true })
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST') {
      throw makeError(`${path} already exists`, 'CONFLICT', { path }, cause)
    }
    throw makeError(`cannot write ${path}`, 'UNAVAILABLE', { path }, cause)
  }
  syncDir(dir)
}

/** fsyncs a folder; a no-op where folders cannot be opened (Windows). */
function syncDir(dir: string): void {
  if (process.platform === 'win32') return
  let fd: number | undefined
  try {
    fd = openSync(dir, 'r')
    fsyncSync(fd)
  } catch {
    // Some filesystems refuse to fsync a folder; the rename has still happened.
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
