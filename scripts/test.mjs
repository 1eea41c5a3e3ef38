// `npm test`: every check CI runs, in order, stopping at the first failure:
// formatting, lint (zero warnings), type-checks per layer, the build, then
// every vitest project (unit, integration, contracts, e2e).
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(import.meta.dirname, '..')
const bin = (name) => resolve(ROOT, 'node_modules', '.bin', name)

const steps = [
  ['format', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['typecheck', bin('tsc'), ['-b']],
  ['build', bin('electron-vite'), ['build', '--logLevel', 'warn']],
  ['tests', bin('vitest'), ['run', ...process.argv.slice(2)]]
]

for (const [name, command, args] of steps) {
  const started = performance.now()
  process.stdout.write(`\n== ${name}\n`)
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    process.stdout.write(`== ${name}: FAILED after ${seconds} s\n`)
    process.exit(result.status ?? 2)
  }
  process.stdout.write(`== ${name}: ok (${seconds} s)\n`)
}
