/**
 * The steps of a record's way to the ledger at which the failure tests kill
 * the process (`kill -9`, as a power cut would).
 */
export type CrashPoint = 'signed' | 'queued' | 'submitted' | 'mined' | 'acked'

/**
 * Test-only: when `MEDIBLOCK_TEST_CRASH_AT` names this step, the process
 * kills itself with SIGKILL on the spot: no cleanup, no flush, exactly like
 * a crash. Does nothing otherwise.
 */
export function crashPoint(step: CrashPoint): void {
  if (process.env['MEDIBLOCK_TEST_CRASH_AT'] === step) process.kill(process.pid, 'SIGKILL')
}
