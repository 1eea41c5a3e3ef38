import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import {
  addRecord,
  listRecords,
  pulledRecordView,
  recordView,
  type RecordView
} from '../../clinic/records-service'
import { findTemplate } from '../../clinic/templates-service'
import { showPatient } from '../../clinic/patients-service'
import { parseAttributeText } from '../../handshaker/attributes'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

const collect = (value: string, previous: string[] = []) => [...previous, value]

/** One line a person reads: the tid, the state, and why when rejected. */
export function describeRecord(r: RecordView): string {
  const outcome =
    r.state === 'rejected'
      ? `rejected: ${r.explanation ?? r.reasonName ?? ''}`
      : r.state === 'anchored'
        ? 'on chain (valid)'
        : r.state === 'synced'
          ? 'on chain, synced'
          : r.state
  const origin = r.workstation ? `  (from workstation ${r.workstation.slice(0, 8)})` : ''
  return `${r.tid}  ${r.template.padEnd(28)} ${outcome}${origin}`
}

/** `mediblock record add|list|show`. */
export function recordCommand(program: Command, context: CliContext): void {
  const record = program.command('record').description('enter and look up clinical records')
  record
    .command('add')
    .description('sign a record, have the ledger validate it, and print its ACK')
    .requiredOption('--patient <id>', 'patient id or MRN')
    .requiredOption(
      '--template <name>',
      'template name, e.g. vitals or vital-signs@1 (see `mediblock template list`)'
    )
    .option('--set <name=value>', 'an attribute value (repeat for each)', collect, [])
    .option('--supersedes <tid>', 'the record this one corrects')
    .requiredOption('--as <username>', 'the clinician signing it')
    .action(
      async (
        options: {
          patient: string
          template: string
          set: string[]
          supersedes?: string
          as: string
        },
        command: Command
      ) => {
        await withApp(command, context, async (app, { json }) => {
          const template = findTemplate(app, options.template)
          const attributes = parseAttributeText(template, options.set)
          const session = await loginAs(app, options.as)
          const { record: view, ledgerError } = await addRecord(app, session, {
            patient: options.patient,
            template: template.slug,
            attributes,
            ...(options.supersedes ? { supersedes: options.supersedes } : {})
          })
          print(context.io, json, { ...view, ledgerError }, () =>
            ledgerError
              ? `${describeRecord(view)}\nThe ledger could not be reached (${ledgerError}); the record is queued and will be sent later.`
              : describeRecord(view)
          )
          context.exitCode = EXIT.OK
        })
      }
    )
  record
    .command('list')
    .description('list records, newest first')
    .option('--patient <id>', 'only this patient (id)')
    .option('--state <state>', 'only records in this state')
    .action(async (options: { patient?: string; state?: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const rows = listRecords(app, options.patient).filter(
          (r) => !options.state || r.state === options.state
        )
        print(context.io, json, rows, () =>
          rows.length ? rows.map(describeRecord).join('\n') : 'No records.'
        )
        context.exitCode = EXIT.OK
      })
    })
  record
    .command('show')
    .description('show one record: its content (decrypted) and its ledger outcome')
    .argument('<tid>', 'the record id')
    .requiredOption('--as <username>', 'who is looking')
    .action(async (tid: string, options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const session = await loginAs(app, options.as)
        const own = app.store.records.find(tid)
        const pulled = own ? undefined : app.store.sync.findPulled(tid)
        const stored = own ?? pulled
        const view = own ? recordView(app, own) : pulled && pulledRecordView(app, pulled)
        if (!stored || !view) throw makeError(`no record ${tid}`, 'NOT_FOUND')
        showPatient(app, session, stored.patientId)
        const document = JSON.parse(
          session.secrets.decryptPhi(stored.payload, tid).toString('utf8')
        ) as {
          attributes: Record<string, unknown>
          author: { username: string }
          time: string
        }
        print(
          context.io,
          json,
          {
            ...view,
            author: document.author.username,
            time: document.time,
            attributes: document.attributes,
            proof: stored.proof
          },
          () =>
            [
              describeRecord(view),
              `  by ${document.author.username} at ${document.time}`,
              ...Object.entries(document.attributes).map(([k, v]) => `  ${k}: ${String(v)}`)
            ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
