import type { Command } from 'commander'
import { addPatient, listPatients, showPatient, type Patient } from '../../clinic/patients-service'
import { print, type CliContext } from '../context'
import { describeRecord } from './record'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

const line = (p: Patient) =>
  `${p.id}  ${p.name.padEnd(24)} ${p.dateOfBirth}  ${p.sex.padEnd(7)} ${p.mrn ?? ''}`.trimEnd()

/** `mediblock patient add|list|show`. */
export function patientCommand(program: Command, context: CliContext): void {
  const patient = program.command('patient').description('register and look up patients')
  patient
    .command('add')
    .description('register a patient')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--dob <date>', 'date of birth, YYYY-MM-DD')
    .option('--sex <sex>', 'female, male, other or unknown')
    .option('--mrn <mrn>', 'medical record number')
    .requiredOption('--consent <yes|no>', 'consent to treatment and record keeping')
    .option('--id-document <kind>', 'passport, id-card, driving-licence or none', 'none')
    .option('--address <address>', 'postal address')
    .option('--phone <phone>', 'phone number')
    .requiredOption('--as <username>', 'the clinician registering the patient')
    .action(async (options: Record<string, string | undefined>, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const session = await loginAs(app, options['as'] ?? '')
        const input = {
          name: options['name'],
          dateOfBirth: options['dob'],
          ...(options['sex'] ? { sex: options['sex'] } : {}),
          ...(options['mrn'] ? { mrn: options['mrn'] } : {}),
          consent: options['consent'],
          idDocument: options['idDocument'],
          ...(options['address'] ? { address: options['address'] } : {}),
          ...(options['phone'] ? { phone: options['phone'] } : {})
        }
        const created = await addPatient(app, session, input)
        const { patient: p, registration, ledgerError } = created
        print(context.io, json, { ...p, registration, ledgerError }, () =>
          [
            `Registered ${p.name}: patient ${p.id}`,
            `Registration ${describeRecord(registration)}`,
            ...(ledgerError
              ? [`The ledger could not be reached (${ledgerError}); the registration is queued.`]
              : [])
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
  patient
    .command('list')
    .description('list patients')
    .requiredOption('--as <username>', 'who is looking')
    .action(async (options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const patients = listPatients(app, await loginAs(app, options.as))
        print(context.io, json, patients, () =>
          patients.length ? patients.map(line).join('\n') : 'No patients yet.'
        )
        context.exitCode = EXIT.OK
      })
    })
  patient
    .command('show')
    .description('show a patient and their records')
    .argument('<patient>', 'patient id or MRN')
    .requiredOption('--as <username>', 'who is looking')
    .action(async (id: string, options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const shown = showPatient(app, await loginAs(app, options.as), id)
        const records = app.store.records
          .forPatient(shown.id)
          .map((r) => ({ tid: r.tid, state: r.state, createdAt: r.createdAt }))
        print(context.io, json, { ...shown, records }, () =>
          [
            line(shown),
            ...records.map((r) => `  ${r.tid}  ${r.state.padEnd(9)} ${r.createdAt}`)
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
