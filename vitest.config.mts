import { defineConfig } from 'vitest/config'
import { SummaryReporter } from './test/support/summary-reporter.mts'

export default defineConfig({
  test: {
    reporters: ['default', new SummaryReporter()],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Vitest runs one file at a time on two cores (CPUs - 1). Most files
    // spend their time waiting for processes they started (the CLI, nodes,
    // database servers, Chromium), so two at a time keeps both cores busy.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'] }
      },
      {
        extends: true,
        test: {
          // Screens and renderer state, in a simulated DOM (no browser, no core).
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['test/renderer/setup.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Several of these start a chain, deploy a ledger and send real
          // transactions while other files do the same on a 2-core machine.
          testTimeout: 120_000,
          globalSetup: ['test/support/global-build.ts']
        }
      },
      {
        extends: true,
        test: {
          name: 'contracts',
          include: ['test/contracts/**/*.test.ts'],
          // Each file runs its own in-process ganache; the EVM is CPU-bound.
          testTimeout: 120_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-build.ts'],
          // One browser at a time: two cores share the machine.
          fileParallelism: false,
          testTimeout: 60_000
        }
      }
    ]
  }
})
