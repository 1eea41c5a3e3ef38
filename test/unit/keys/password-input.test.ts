import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { PASSWORD_ENV, readPassword } from '../../../src/main/keys/password-input'
import { rejection } from './support'

/** A fake terminal: an input that reports isTTY and records raw mode, an output that records. */
function terminal() {
  const rawModes: boolean[] = []
  const input = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode(mode: boolean) {
      rawModes.push(mode)
      return input
    }
  })
  const output = Object.assign(new PassThrough(), { isTTY: true })
  let written = ''
  output.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')))
  return { input, output, rawModes, written: () => written }
}

/** Types `text` into the fake terminal once the prompt shows. */
function typeAfterPrompt(tty: ReturnType<typeof terminal>, prompt: string, text: string): void {
  const poll = setInterval(() => {
    if (tty.written().includes(prompt)) {
      clearInterval(poll)
      tty.input.write(text)
    }
  }, 5)
}

describe('password input', () => {
  it(`takes ${PASSWORD_ENV} from the environment first, without prompting`, async () => {
    const tty = terminal()
    const password = await readPassword({
      env: { [PASSWORD_ENV]: 'from the env' },
      input: tty.input,
      output: tty.output
    })
    expect(password).toBe('from the env')
    expect(tty.written()).toBe('')
  })

  it('fails with a coded error saying how, when there is neither env nor a terminal', async () => {
    const error = await rejection(
      readPassword({
        env: { [PASSWORD_ENV]: '' },
        input: new PassThrough(),
        output: new PassThrough()
      })
    )
    expect(error.code).toBe('UNAUTHENTICATED')
    expect(error.message).toContain(PASSWORD_ENV)
    expect(error.message).toMatch(/terminal/)
  })

  it('prompts on a terminal without echoing what is typed', async () => {
    const tty = terminal()
    const answer = readPassword({
      env: {},
      input: tty.input,
      output: tty.output,
      prompt: 'Password for ana: '
    })
    typeAfterPrompt(tty, 'Password for ana: ', 's3cret pässword\r')
    expect(await answer).toBe('s3cret pässword')
    expect(tty.written()).toContain('Password for ana: ')
    expect(tty.written()).not.toContain('s3cret')
    expect(tty.rawModes).toEqual([true, false])
  })

  it('handles backspace like a terminal does', async () => {
    const tty = terminal()
    const answer = readPassword({ env: {}, input: tty.input, output: tty.output })
    typeAfterPrompt(tty, 'Password: ', 'abcx\x7fd\r')
    expect(await answer).toBe('abcd')
  })

  it('asks twice for a new password and requires both to match', async () => {
    const tty = terminal()
    const answer = readPassword({ env: {}, input: tty.input, output: tty.output, confirm: true })
    typeAfterPrompt(tty, 'Repeat', 'new password\r')
    tty.input.write('new password\r')
    expect(await answer).toBe('new password')
    expect(tty.written()).not.toContain('new password')

    const mismatch = terminal()
    const failed = readPassword({
      env: {},
      input: mismatch.input,
      output: mismatch.output,
      confirm: true
    })
    mismatch.input.write('one password\r')
    typeAfterPrompt(mismatch, 'Repeat', 'another one\r')
    const error = await rejection(failed)
    expect(error.code).toBe('INVALID_ARGUMENT')
    expect(error.message).toMatch(/do not match/)
  })

  it('gives up without a password on Ctrl-C or end of input', async () => {
    const interrupted = terminal()
    const a = readPassword({ env: {}, input: interrupted.input, output: interrupted.output })
    typeAfterPrompt(interrupted, 'Password: ', 'half\x03')
    expect((await rejection(a)).code).toBe('UNAUTHENTICATED')
    expect(interrupted.rawModes.at(-1)).toBe(false)

    const ended = terminal()
    const b = readPassword({ env: {}, input: ended.input, output: ended.output })
    ended.input.end()
    expect((await rejection(b)).code).toBe('UNAUTHENTICATED')
  })

  it('ignores a password put in argv', async () => {
    const argv = process.argv
    process.argv = [...argv, '--password', 'in argv', '--password=in-argv']
    try {
      const error = await rejection(
        readPassword({ env: {}, input: new PassThrough(), output: new PassThrough() })
      )
      expect(error.code).toBe('UNAUTHENTICATED')
    } finally {
      process.argv = argv
    }
  })
})
