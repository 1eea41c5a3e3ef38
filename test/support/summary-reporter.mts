import type { Reporter, SerializedError, TestModule } from 'vitest/node'

/**
 * Prints the run's totals as one plain line, `Tests: N passed, N failed,
 * N skipped`, after vitest's own summary, so CI logs end with a line any
 * reader (or log scraper) understands. Before it, the ten slowest files
 * (tests and hooks), to keep CI inside its time budget.
 */
export class SummaryReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>
  ): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      // A file that failed to load has no tests but is a failure.
      if (module.state() === 'failed' && module.children.size === 0) failed++
    }
    // An error outside any test fails the run, so it counts as a failure.
    failed += unhandledErrors.length
    const slowest = testModules
      .map((module) => ({ file: module.moduleId, ms: module.diagnostic().duration }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
    if (slowest.length > 1) {
      process.stdout.write('\nSlowest files:\n')
      for (const { file, ms } of slowest) {
        const relative = file.replace(`${process.cwd()}/`, '')
        process.stdout.write(`  ${(ms / 1000).toFixed(1).padStart(7)} s  ${relative}\n`)
      }
    }
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
