import { runCli } from './program'

// The `mediblock` executable (bin/mediblock.js loads the built copy of this).
runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`mediblock: ${(error as Error).message}\n`)
    process.exitCode = 2
  }
)
