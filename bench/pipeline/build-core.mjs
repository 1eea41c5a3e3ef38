// Bundles the core modules the bench drives (bench/pipeline/core-entry.mjs,
// TypeScript sources) and the bundled node's child entry
// (src/main/chain/node/ganache-process.ts, which `npm run build` emits as
// out/main/ganache-node.js) with vite, as electron-vite builds out/main:
// CommonJS, dependencies external. The bench's own copy of the node entry
// keeps a run independent of anyone rebuilding out/ meanwhile. The bundle
// lives under node_modules/.cache so that its `require`s of dependencies
// resolve from the project's node_modules.
import { join, resolve } from 'node:path'
import { build } from 'vite'

const ROOT = resolve(import.meta.dirname, '../..')
const OUT_DIR = join(ROOT, 'node_modules/.cache/mediblock-bench')

/** Builds the bundle (a few seconds); answers the core's and the node entry's paths. */
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
        input: {
          core: join(import.meta.dirname, 'core-entry.mjs'),
          'ganache-node': join(ROOT, 'src/main/chain/node/ganache-process.ts')
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name].cjs' }
      }
    }
  })
  return { core: join(OUT_DIR, 'core.cjs'), nodeEntry: join(OUT_DIR, 'ganache-node.cjs') }
}
