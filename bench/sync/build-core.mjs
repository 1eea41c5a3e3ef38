// Bundles bench/sync/core-entry.mjs (TypeScript sources of the push path and
// the test servers) with vite, as electron-vite builds out/main: CommonJS,
// dependencies external. The bundle lives under node_modules/.cache so that
// its `require`s of dependencies resolve from the project's node_modules; its
// own folder keeps it apart from the pipeline bench's.
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '../..')
const OUT_DIR = join(ROOT, 'node_modules/.cache/mediblock-bench-sync')

/** Builds the bundle (a few seconds); answers its path. */
export async function buildCore() {
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // canonicalize ships ESM only, which a CommonJS bundle cannot require
    // (electron.vite.config.ts bundles it for the same reason).
    ssr: { noExternal: ['canonicalize'] },
    build: {
      ssr: true,
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        input: { core: join(import.meta.dirname, 'core-entry.mjs') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs' }
      }
    }
  })
  return join(OUT_DIR, 'core.cjs')
}
