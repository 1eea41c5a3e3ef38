import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import { createApp, type App, type AppConfig } from '../../src/main/core/create-app'
import { createSession, type Session } from '../../src/main/core/session'
import type { Role } from '../../src/shared/roles'

/** A real core on a fresh data dir, closed when the test ends. */
export async function testApp(config: Partial<AppConfig> = {}): Promise<App> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mediblock-app-'))
  const app = await createApp({ dataDir, face: 'cli', logLevel: 'silent', ...config })
  onTestFinished(async () => {
    await app.close('test finished')
    rmSync(dataDir, { recursive: true, force: true })
  })
  return app
}

/** A session logged in with `role` (or logged out, for `null`). */
export function sessionAs(role: Role | null): Session {
  const session = createSession()
  if (role) session.user = { username: `test-${role}`, displayName: `Test ${role}`, role }
  return session
}
