import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PASSWORD_ENV } from '../../../src/main/keys/password-input'
import { tempDir } from '../../support/temp-dir'
import { bundleChild, isolatedHome, runWithoutDbus } from './child'

/**
 * Runs the child's `read-password` in a real pseudo-terminal (util-linux
 * `script`), types `typed` once the prompt shows, and answers everything the
 * terminal displayed plus the exit code.
 */
function inPseudoTerminal(
  script: string,
  home: Record<string, string>,
  typed: string
): Promise<{ screen: string; code: number | null }> {
  const command = `"${process.execPath}" "${script}" read-password`
  const pty = spawn('script', ['-qec', command, '/dev/null'], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'dumb', ...home },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let screen = ''
  let typedYet = false
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pty.kill()
      reject(new Error(`no answer from the pseudo-terminal; screen so far: ${screen}`))
    }, 15_000)
    pty.stdout.on('data', (chunk: Buffer) => {
      screen += chunk.toString('utf8')
      // Type only once the prompt shows: by then echo is off, as for a person.
      if (!typedYet && screen.includes('Password for ana: ')) {
        typedYet = true
        pty.stdin.write(typed)
      }
    })
    pty.on('error', reject)
    pty.on('close', (code) => {
      clearTimeout(timer)
      pty.stdin.destroy()
      resolve({ screen, code })
    })
  })
}

describe('CLI password input', () => {
  let child: Awaited<ReturnType<typeof bundleChild>>

  beforeAll(async () => {
    child = await bundleChild()
  })

  afterAll(() => child?.dispose())

  it('prompts on a real terminal without echoing the password', async () => {
    const password = 'pty s3cret pw'
    const { screen, code } = await inPseudoTerminal(
      child.script,
      isolatedHome(tempDir()),
      `${password}\r`
    )
    expect(code).toBe(0)
    expect(screen).toContain('Password for ana: ')
    expect(screen).not.toContain(password)
    expect(screen).toContain(createHash('sha256').update(password).digest('hex'))
  })

  it(`reads ${PASSWORD_ENV} without a terminal, and says how to give one when it is missing`, () => {
    const home = isolatedHome(tempDir())
    const fromEnv = runWithoutDbus(child.script, home, ['read-password'], {
      [PASSWORD_ENV]: 'env password'
    })
    expect(fromEnv['sha256']).toBe(createHash('sha256').update('env password').digest('hex'))
    const missing = runWithoutDbus(child.script, home, ['read-password'])
    expect(missing.error?.code).toBe('UNAUTHENTICATED')
    expect(missing.error?.message).toContain(PASSWORD_ENV)
  })
})
