import { InvalidArgumentError, type Command } from 'commander'
import { makeError } from '../../../shared/errors'
import type { AuditEntry } from '../../audit/audit-log'
import { REPORT_FORMATS, type ReportFormat } from '../../audit/report/audit-report'
import { writeAuditReport } from '../../audit/report/report-service'
import {
  anchoringState,
  anchorSecurityLogNow,
  listSecurityLog,
  setAnchorPolicy,
  verifySecurityLog,
  type SecurityLogVerification
} from '../../audit/security-log-service'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

function parseFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`a format is one of ${REPORT_FORMATS.join(', ')}.`)
  }
  return value as ReportFormat
}

const positiveInt = (what: string, max: number) => (value: string) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new InvalidArgumentError(`${what} is a whole number from 1 to ${max}.`)
  }
  return n
}

function parseSince(value: string | undefined): Date | undefined {
  if (!value) return undefined
  const since = new Date(value)
  if (Number.isNaN(since.getTime())) {
    throw makeError(`--since ${value} is not a date`, 'INVALID_ARGUMENT')
  }
  return since
}

/** One security log entry on one line. */
export function describeEntry(e: AuditEntry): string {
  const detail = Object.keys(e.detail).length ? `  ${JSON.stringify(e.detail)}` : ''
  return `${String(e.seq).padStart(6)}  ${e.at}  ${e.actor.padEnd(12)} ${e.action}${e.subject ? ` ${e.subject}` : ''}${detail}`
}

/** The outcome of `audit log --verify` in words. */
export function describeLogCheck(v: SecurityLogVerification): string {
  const lines = [
    v.ok
      ? `The security log holds: ${v.entries} entries, hash chain intact, every anchor on chain matches.`
      : `The security log does NOT hold: ${v.broken.length} broken span(s) in ${v.entries} entries.`,
    ...v.broken.map(
      (s) => `  entries ${s.from}${s.to !== s.from ? `-${s.to}` : ''}: ${s.kind}: ${s.detail}`
    ),
    `Anchors on chain by ${v.anchoredBy} (read to block ${v.checkedToBlock}): ${v.anchors.length}`,
    ...v.anchors.map(
      (a) =>
        `  ${String(a.entries).padStart(6)} entries, block ${a.blockNumber}, tx ${a.txHash}: ${a.matches ? 'matches' : a.found === null ? 'NO SUCH ENTRY' : 'DOES NOT MATCH'}`
    ),
    v.anchoredThrough > 0
      ? `Proven by an anchor: entries 1-${v.anchoredThrough}.`
      : 'No entry is proven by an anchor yet.',
    ...(v.unanchored
      ? [
          `Not anchored yet: entries ${v.unanchored.from}-${v.unanchored.to} (only the local hash chain vouches for them).`
        ]
      : [])
  ]
  return lines.join('\n')
}

/** `mediblock audit report|log|anchor|anchoring`. */
export function auditCommand(program: Command, context: CliContext): void {
  const audit = program
    .command('audit')
    .description('audit reports, and the security log and its anchors on chain')

  audit
    .command('report')
    .description('run the `verify` audit and write a report: HTML (prints to PDF), CSV or JSON')
    .requiredOption('--format <format>', `one of ${REPORT_FORMATS.join(', ')}`, parseFormat)
    .requiredOption(
      '--out <file>',
      'where to write it (CSV: the problems; summary and batches beside)'
    )
    .requiredOption('--as <username>', 'an admin or auditor (their login unlocks the clinic keys)')
    .option('--patient <id>', "only this patient's records (id or MRN)")
    .option('--since <date>', 'only records since this date (YYYY-MM-DD or ISO time)')
    .addHelpText(
      'after',
      '\nThe report says when and by whom it was run, against which ledger (chain, contract, node,\nthe block read up to) and which cloud database (never a password), the counts, every problem\nwith its evidence, and the batch transactions a third party can check. CSV: FILE holds one\nrow per problem, FILE.summary.csv the rest, FILE.batches.csv the batches. Exit codes as\n`verify`: 0 every record verifies; 1 problems were found; 2 it could not run (nothing written).'
    )
    .action(
      async (
        options: {
          format: ReportFormat
          out: string
          as: string
          patient?: string
          since?: string
        },
        command: Command
      ) => {
        await withApp(command, context, async (app, { json }) => {
          const since = parseSince(options.since)
          const session = await loginAs(app, options.as)
          let last = 0
          const { report, files } = await writeAuditReport(app, session, {
            format: options.format,
            out: options.out,
            ...(options.patient ? { patient: options.patient } : {}),
            ...(since ? { since } : {}),
            onProgress: ({ anchored, cloud }) => {
              if (Date.now() - last < 1000) return
              last = Date.now()
              context.io.stderr(
                `audit: ${anchored} anchored record(s) read, ${cloud} cloud row(s) checked\n`
              )
            }
          })
          const { counts } = report
          print(context.io, json, { outcome: report.outcome, counts, files }, () =>
            [
              report.outcome === 'verified'
                ? `All ${counts.checked} record(s) verify against the chain.`
                : `${counts.problems} problem(s) in ${counts.checked} record(s); ${counts.verified} verify.`,
              ...files.map((f) => `Wrote ${f.path} (sha256 ${f.sha256})`)
            ].join('\n')
          )
          context.exitCode = report.outcome === 'verified' ? EXIT.OK : EXIT.CHECK_FAILED
        })
      }
    )

  audit
    .command('log')
    .description('the security log; --verify checks its hash chain and its anchors on chain')
    .requiredOption('--as <username>', 'an admin or auditor')
    .option('--verify', 'check the hash chain, and every anchored head against the ledger')
    .option('--limit <n>', 'list the newest N entries', positiveInt('--limit', 100_000), 100)
    .addHelpText(
      'after',
      '\nWith --verify, exit codes: 0 the chain holds and every anchor matches (entries after the\nlast anchor are named: only the local chain vouches for them); 1 broken or unmatched spans\n(each named); 2 the node could not be reached.'
    )
    .action(async (options: { as: string; verify?: boolean; limit: number }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const session = await loginAs(app, options.as)
        if (options.verify) {
          const result = await verifySecurityLog(app, session)
          print(context.io, json, result, () => describeLogCheck(result))
          context.exitCode = result.ok ? EXIT.OK : EXIT.CHECK_FAILED
          return
        }
        const entries = listSecurityLog(app, session, options.limit)
        print(context.io, json, entries, () =>
          entries.length ? entries.map(describeEntry).join('\n') : 'The security log is empty.'
        )
        context.exitCode = EXIT.OK
      })
    })

  audit
    .command('anchor')
    .description("anchor the security log's head on the ledger now (needs the node)")
    .requiredOption('--as <username>', 'an admin or auditor')
    .action(async (options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const session = await loginAs(app, options.as)
        const { anchor, entries } = await anchorSecurityLogNow(app, session)
        print(context.io, json, { anchor, entries }, () =>
          anchor
            ? `Anchored entries 1-${anchor.entries} (head ${anchor.head}) in tx ${anchor.txHash}: ${anchor.state}${anchor.blockNumber !== null ? ` in block ${anchor.blockNumber}` : ''}.`
            : `Nothing to anchor: the ${entries} entries are anchored already.`
        )
        context.exitCode = anchor?.state === 'failed' ? EXIT.CHECK_FAILED : EXIT.OK
      })
    })

  audit
    .command('anchoring')
    .description('show, or (admins) set, when the log is anchored on its own')
    .option(
      '--every <n>',
      'anchor once N entries are unanchored',
      positiveInt('--every', 1_000_000)
    )
    .option(
      '--max-age <minutes>',
      'anchor once the oldest unanchored entry is this old',
      positiveInt('--max-age', 525_600)
    )
    .option('--on', 'anchor on its own after drains and syncs')
    .option('--off', 'anchor only on `mediblock audit anchor`')
    .option('--as <admin>', 'the admin changing it (not needed to look)')
    .action(
      async (
        options: { every?: number; maxAge?: number; on?: boolean; off?: boolean; as?: string },
        command: Command
      ) => {
        await withApp(command, context, async (app, { json }) => {
          const change = {
            ...(options.every !== undefined ? { everyEntries: options.every } : {}),
            ...(options.maxAge !== undefined ? { maxAgeMinutes: options.maxAge } : {}),
            ...(options.on ? { enabled: true } : {}),
            ...(options.off ? { enabled: false } : {})
          }
          if (options.on && options.off) {
            throw makeError('say --on or --off, not both', 'INVALID_ARGUMENT')
          }
          if (Object.keys(change).length > 0) {
            if (!options.as) throw makeError('changing it needs --as ADMIN', 'INVALID_ARGUMENT')
            setAnchorPolicy(app, await loginAs(app, options.as), change)
          }
          const state = anchoringState(app)
          print(context.io, json, state, () =>
            [
              `Anchoring on its own: ${state.policy.enabled ? 'on' : 'off'}; every ${state.policy.everyEntries} entries, or when the oldest unanchored one is ${state.policy.maxAgeMinutes} min old.`,
              `Log: ${state.entries} entries, ${state.anchored} anchored${state.lastAnchor ? ` (last in tx ${state.lastAnchor.txHash}, ${state.lastAnchor.state})` : ''}.`,
              `Now: ${state.decision.due ? 'due' : 'not due'} (${state.decision.why}).`
            ].join('\n')
          )
          context.exitCode = EXIT.OK
        })
      }
    )
}
