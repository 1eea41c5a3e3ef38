import { resolve } from 'node:path'
import type { Command } from 'commander'
import { exportPatientFhir, type FhirExport } from '../../export/fhir/export-patient'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** What a person reads after an export. */
export function describeExport(result: FhirExport): string {
  const { excluded } = result
  const left = (
    [
      ['queued', excluded.queued],
      ['in flight', excluded.submitted],
      ['rejected', excluded.rejected]
    ] as const
  )
    .filter(([, n]) => n > 0)
    .map(([what, n]) => `${n} ${what}`)
  return [
    `Wrote ${result.path}: a FHIR R4 bundle of ${result.resources} resources, ${result.records} record(s) with their ledger proofs.`,
    ...(left.length > 0 ? [`Left out, as they carry no proof: ${left.join(', ')}.`] : []),
    ...result.inconsistent.map(
      (r) => `Left out: ${r.tid}: this workstation's copy fails its own proof (${r.problem}).`
    ),
    `SHA-256 ${result.sha256} (in the audit log).`
  ].join('\n')
}

/** `mediblock export fhir`: one patient's records, with proofs, as a FHIR R4 Bundle. */
export function exportCommand(program: Command, context: CliContext): void {
  const exporting = program.command('export').description('export records for other systems')
  exporting
    .command('fhir')
    .description(
      "write a patient's anchored records as a FHIR R4 Bundle, each with the proof that verifies it against the ledger"
    )
    .requiredOption('--patient <id>', 'patient id or MRN')
    .option('--out <file>', 'the file to write (default: exports/ in the data dir)')
    .requiredOption('--as <username>', 'a clinician or an admin; the export is audited')
    .addHelpText(
      'after',
      '\nOnly records the ledger has anchored (or that were pulled, verified, from other\nworkstations) are exported; queued, in-flight and rejected ones are counted, not written.\ndocs/FHIR.md says how a receiving system verifies each Provenance.\nExit codes: 0 written; 1 written, but some anchored record failed its own proof and was\nleft out; 2 not written.'
    )
    .action(async (options: { patient: string; out?: string; as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const session = await loginAs(app, options.as)
        const { bundle: _bundle, ...result } = await exportPatientFhir(app, session, {
          patient: options.patient,
          ...(options.out ? { out: resolve(options.out) } : {})
        })
        print(context.io, json, result, () => describeExport(result))
        context.exitCode = result.inconsistent.length > 0 ? EXIT.CHECK_FAILED : EXIT.OK
      })
    })
}
