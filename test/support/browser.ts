import { execFileSync } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'

/** Flags for Debian's Chromium on a closed network, as root (see DEVELOPERS.md). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
]

/** Debian's Chromium: `$CHROMIUM_PATH`, else `chromium` on the PATH. */
export function chromiumPath(): string {
  const fromEnv = process.env['CHROMIUM_PATH']
  if (fromEnv) return fromEnv
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error(
      'Chromium is not installed: run `bash .ci/run` (or `apt-get install chromium`).'
    )
  }
}

/** Launches headless Chromium through playwright-core. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS })
}
