import { readFileSync } from 'node:fs'
import type { Command } from 'commander'
import { makeError } from '../../../shared/errors'
import type { TemplateDefinition } from '../../../shared/templates'
import {
  findTemplate,
  knownTemplates,
  parseTemplate,
  publishTemplateVersion
} from '../../clinic/templates-service'
import { print, type CliContext } from '../context'
import { EXIT } from '../exit-codes'
import { loginAs, withApp } from '../session'

/** How the contract checks an attribute, in words. */
function describeRule(a: TemplateDefinition['attributes'][number]): string {
  const rule = a.onChain
  if (!rule) return ''
  const optional = 'optional' in rule && rule.optional ? ', if given' : ''
  switch (rule.kind) {
    case 'required':
      return '  [on chain: required]'
    case 'range':
      return `  [on chain: ${rule.min} to ${rule.max}${a.unit ? ` ${a.unit}` : ''}${optional}]`
    case 'codes':
      return `  [on chain: one of ${rule.allowed.join(', ')}${optional}]`
  }
}

/** A template as a person reads it: who may use it, each attribute, and what the chain checks. */
export function describeTemplate(t: TemplateDefinition): string {
  return [
    `${t.slug}@${t.version}  (template ${t.id}) ${t.title}`,
    `may be entered by: ${t.roles.join(', ')}`,
    ...t.attributes.map(
      (a) =>
        `  ${a.key.padEnd(22)} ${a.type.padEnd(9)}${a.unit ? ` ${a.unit}` : ''}${a.required ? ' (required)' : ''}${describeRule(a)}`
    )
  ].join('\n')
}

/** `mediblock template list|show|publish`: the template manager (TTM). */
export function templateCommand(program: Command, context: CliContext): void {
  const template = program
    .command('template')
    .description('the clinic templates: list, show, publish a new one or a new version')
  template
    .command('list')
    .description('the latest version of every template')
    .action(async (_options: unknown, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const all = knownTemplates(app)
        print(context.io, json, all, () =>
          all.length === 0
            ? 'No templates yet (run `mediblock init`).'
            : all
                .map(
                  (t) =>
                    `${`${t.slug}@${t.version}`.padEnd(28)} ${t.title.padEnd(34)} ${t.roles.join(', ')}`
                )
                .join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
  template
    .command('show')
    .description('one template: its attributes and the rules the ledger checks')
    .argument('<name>', 'name, id or name@version')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        const found = findTemplate(app, name)
        print(context.io, json, found, () => describeTemplate(found))
        context.exitCode = EXIT.OK
      })
    })
  template
    .command('publish')
    .description('publish a template file (a new template, or a new version) on the ledger')
    .argument('<file>', 'the template definition, JSON (see resources/templates/)')
    .requiredOption('--as <admin>', 'the admin doing it')
    .addHelpText(
      'after',
      "\nThe admin's password comes from MEDIBLOCK_PASSWORD, or is asked for on a terminal.\nA published version never changes: publish a higher version instead."
    )
    .action(async (file: string, options: { as: string }, command: Command) => {
      await withApp(command, context, async (app, { json }) => {
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch {
          throw makeError(`cannot read ${file}`, 'INVALID_ARGUMENT')
        }
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          throw makeError(`${file} is not JSON`, 'INVALID_ARGUMENT')
        }
        const definition = parseTemplate(parsed)
        const admin = await loginAs(app, options.as)
        const stored = await publishTemplateVersion(app, admin, definition)
        print(context.io, json, stored, () =>
          [
            `Published ${definition.slug}@${definition.version} on the ledger (hash ${stored.hash}).`,
            describeTemplate(definition)
          ].join('\n')
        )
        context.exitCode = EXIT.OK
      })
    })
}
