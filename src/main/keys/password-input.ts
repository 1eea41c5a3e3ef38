import { createInterface } from 'node:readline'
import { Writable } from 'node:stream'
import { makeError } from '../../shared/errors'

/** The environment variable the CLI reads a password from. */
export const PASSWORD_ENV = 'MEDIBLOCK_PASSWORD'

/** A readable that may be a terminal (like `process.stdin`). */
export type PasswordInput = NodeJS.ReadableStream & {
  isTTY?: boolean
  setRawMode?: (mode: boolean) => unknown
}

/** A writable that may be a terminal (like `process.stderr`). */
export type PasswordOutput = NodeJS.WritableStream & { isTTY?: boolean }

export interface ReadPasswordOptions {
  /** The prompt, e.g. `Password for ana: `. */
  readonly prompt?: string
  /** Ask twice and require both to match (for a new password). */
  readonly confirm?: boolean
  /** The environment; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** Where to read from; `process.stdin` by default. */
  readonly input?: PasswordInput
  /** Where prompts go; `process.stderr` by default, so stdout stays clean for --json. */
  readonly output?: PasswordOutput
}

/**
 * A password for the CLI: `$MEDIBLOCK_PASSWORD` when set, else a prompt on
 * the terminal with echo off, else `UNAUTHENTICATED` saying how to give one.
 * There is deliberately no way to pass a password in argv: argv is visible
 * to every user of the machine (`ps`) and lands in shell history.
 */
export async function readPassword(options: ReadPasswordOptions = {}): Promise<string> {
  const env = options.env ?? process.env
  const fromEnv = env[PASSWORD_ENV]
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv
  const input = options.input ?? process.stdin
  const output = options.output ?? process.stderr
  if (!input.isTTY || !output.isTTY) {
    throw makeError(
      `a password is needed: set ${PASSWORD_ENV}, or run this command in a terminal to be asked`,
      'UNAUTHENTICATED'
    )
  }
  const prompts = [options.prompt ?? 'Password: ']
  if (options.confirm) prompts.push('Repeat the password: ')
  const [first, second] = await promptHidden(input, output, prompts)
  if (first === undefined || (options.confirm && first !== second)) {
    throw makeError('the passwords do not match', 'INVALID_ARGUMENT')
  }
  return first
}

/**
 * Lines from a terminal without echo, one per prompt. readline in terminal
 * mode puts the terminal in raw mode and echoes keystrokes itself, through
 * its output; a muted output therefore hides them while readline still
 * handles editing keys (backspace, Ctrl-U) and Ctrl-C. One interface serves
 * every prompt, so lines typed ahead are not lost between prompts.
 */
function promptHidden(
  input: PasswordInput,
  output: PasswordOutput,
  prompts: readonly string[]
): Promise<string[]> {
  const muted = new Writable({ write: (_chunk, _encoding, done) => done() })
  const rl = createInterface({ input, output: muted, terminal: true, historySize: 0 })
  const answers: string[] = []
  return new Promise<string[]>((resolve, reject) => {
    let done = false
    output.write(prompts[0] ?? '')
    rl.on('line', (line) => {
      answers.push(line)
      output.write('\n')
      if (answers.length < prompts.length) {
        output.write(prompts[answers.length] ?? '')
        return
      }
      done = true
      rl.close()
      resolve(answers)
    })
    // Ctrl-C or Ctrl-D at the prompt: give up, without a password.
    rl.on('SIGINT', () => rl.close())
    rl.on('close', () => {
      if (done) return
      output.write('\n')
      reject(makeError('no password was entered', 'UNAUTHENTICATED'))
    })
  })
}
