// What every bench's entry (bench/<name>.mjs) does before measuring: bundle
// the core modules the bench drives (bench/<name>/core-entry.mjs, TypeScript
// sources) and the bundled node's child entry
// (src/main/chain/node/ganache-process.ts, which `npm run build` emits as
// out/main/ganache-node.js) with vite, as electron-vite builds out/main:
// CommonJS, dependencies external; then start bench/<name>/run.mjs in a
// fresh Node process, so that neither the bundler's memory nor its event loop
// counts against the figures. The bench's own copy of the node entry keeps a
// run independent of anyone rebuilding out/ meanwhile. Each bundle lives in
// its own folder under node_modules/.cache, so that its `require`s of
// dependencies resolve from the project's node_modules.
import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '..')

/** Builds bench `name`'s bundle (a few seconds); answers the core's and the node entry's paths. */
export async function buildBenchCore(name) {
  const outDir = join(ROOT, `node_modules/.cache/mediblock-bench-${name}`)
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // canonicalize ships ESM only, which a CommonJS bundle cannot require
    // (electron.vite.config.ts bundles it for the same reason).
    ssr: { noExternal: ['canonicalize'] },
    build: {
      ssr: true,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        input: {
          core: join(import.meta.dirname, name, 'core-entry.mjs'),
          'ganache-node': join(ROOT, 'src/main/chain/node/ganache-process.ts')
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs' }
      }
    }
  })
  return { core: join(outDir, 'core.cjs'), nodeEntry: join(outDir, 'ganache-node.cjs') }
}

/**
 * Builds bench `name`, then runs bench/<name>/run.mjs with `--core`,
 * `--node-entry` and this process's arguments, exiting as it exits. With
 * `profileRunner`, `--cpu-prof-dir DIR` profiles that process (V8 CPU
 * profile); otherwise run.mjs handles the option itself.
 */
export async function launchBench(name, { profileRunner = false } = {}) {
  const { values } = parseArgs({ options: { 'cpu-prof-dir': { type: 'string' } }, strict: false })
  const profile =
    profileRunner && values['cpu-prof-dir']
      ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`]
      : []
  const { core, nodeEntry } = await buildBenchCore(name)
  const child = spawn(
    process.execPath,
    [
      ...profile,
      join(import.meta.dirname, name, 'run.mjs'),
      '--core',
      core,
      '--node-entry',
      nodeEntry,
      ...process.argv.slice(2)
    ],
    { stdio: 'inherit' }
  )
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
