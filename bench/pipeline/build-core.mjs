// Bundles bench/pipeline/core-entry.mjs (TypeScript sources of the core) into
// one CommonJS file with vite, as electron-vite builds out/main. The bundle
// lives under node_modules/.cache so that its `require`s of dependencies
// resolve from the project's node_modules.
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '../..')

/** Where the bench's core bundle is written. */
export const CORE_BUNDLE = join(ROOT, 'node_modules/.cache/mediblock-bench/core.cjs')

/** Builds the core bundle (a few seconds); answers its path. */
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
      outDir: join(CORE_BUNDLE, '..'),
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      rolldownOptions: {
        input: join(import.meta.dirname, 'core-entry.mjs'),
        output: { format: 'cjs', entryFileNames: 'core.cjs' }
      }
    }
  })
  return CORE_BUNDLE
}
