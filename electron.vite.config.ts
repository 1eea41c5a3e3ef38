import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'

/**
 * One build for every face: `out/main/index.js` (Electron's main process) and
 * `out/main/cli.js` (the CLI and browser mode) share the core's sources;
 * `out/preload` and `out/renderer` serve Electron and browser mode alike.
 */
export default defineConfig({
  main: {
    build: {
      // canonicalize (RFC 8785) ships ESM with an import-only export map,
      // which a CommonJS bundle cannot require: bundle it instead.
      externalizeDeps: { exclude: ['canonicalize'] },
      rolldownOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli/index.ts'),
          // The bundled Ethereum node runs in a process of its own.
          'ganache-node': resolve(__dirname, 'src/main/chain/node/ganache-process.ts')
        },
        // Code the entries share goes beside them, not in a chunks/ folder:
        // the core finds the node entry and the renderer relative to
        // __dirname, which must be out/main in every module.
        output: { chunkFileNames: '[name]-[hash].js' }
      }
    }
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages: bundle them.
      externalizeDeps: false,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      // electron-vite leaves the renderer unminified; minified, Chromium
      // parses a third of the bytes at every window's start.
      minify: true,
      // One bundle read from the workstation's disk, not downloaded: Vite's
      // 500 kB warning is about networks. Mantine, recharts and zod make ~1.4 MB.
      chunkSizeWarningLimit: 2000,
      rolldownOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } }
    }
  }
})
