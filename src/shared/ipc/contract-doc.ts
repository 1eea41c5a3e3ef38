import { z } from 'zod'
import type { Access, ChannelSpec, EventSpec } from './channel'
import { CHANNEL_NAMES, CHANNELS, EVENT_NAMES, EVENTS } from './channels'

/** Markers around the generated part of docs/IPC.md. */
export const DOC_START =
  '<!-- generated from src/shared/ipc/channels.ts by scripts/ipc-doc.mjs: do not edit below -->'
export const DOC_END = '<!-- end of generated part -->'

type JsonSchema = {
  type?: string | string[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  additionalProperties?: JsonSchema | boolean
  propertyNames?: JsonSchema
}

const literal = (value: unknown) => (typeof value === 'string' ? `'${value}'` : String(value))

/** A JSON schema as a short TypeScript-like type. */
function typeText(schema: JsonSchema, depth = 0): string {
  if (schema.const !== undefined) return literal(schema.const)
  if (schema.enum) return schema.enum.map(literal).join(' | ')
  const union = schema.anyOf ?? schema.oneOf
  if (union) return union.map((s) => typeText(s, depth)).join(' | ')
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  if (types.length > 1) return types.map((type) => typeText({ ...schema, type }, depth)).join(' | ')
  switch (types[0]) {
    case 'string':
      return 'string'
    case 'integer':
    case 'number':
      return 'number'
    case 'boolean':
      return 'boolean'
    case 'null':
      return 'null'
    case 'array': {
      const item = schema.items ? typeText(schema.items, depth) : 'unknown'
      return item.includes(' ') ? `(${item})[]` : `${item}[]`
    }
    case 'object': {
      const properties = Object.entries(schema.properties ?? {})
      if (properties.length === 0) {
        const values = schema.additionalProperties
        return typeof values === 'object' ? `Record<string, ${typeText(values, depth)}>` : '{}'
      }
      if (depth >= 2) return '{ … }'
      const required = new Set(schema.required ?? [])
      const fields = properties.map(
        ([key, value]) => `${key}${required.has(key) ? '' : '?'}: ${typeText(value, depth + 1)}`
      )
      return `{ ${fields.join('; ')} }`
    }
    case undefined:
    default:
      return 'unknown'
  }
}

function schemaText(schema: z.ZodType, io: 'input' | 'output'): string {
  return typeText(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema)
}

function whoMay(access: Access): string {
  if (access === 'public') return 'anyone'
  if (access === 'user') return 'any logged-in user'
  return access.join(', ')
}

const DOMAIN_TITLES: Readonly<Record<string, string>> = {
  app: 'App',
  clinic: 'First run',
  ledger: 'Ledger',
  cloud: 'Cloud database',
  session: 'Session',
  settings: 'Settings',
  patients: 'Patients',
  records: 'Records',
  templates: 'Templates',
  users: 'Users',
  status: 'Status bar',
  queue: 'Offline queue',
  sync: 'Sync',
  audit: 'Audit',
  export: 'Export'
}

/** The channels and events of the contract, as Markdown (the generated part of docs/IPC.md). */
export function renderContractDoc(): string {
  const lines: string[] = [DOC_START, '', '## Channels', '']
  const domains = [...new Set(CHANNEL_NAMES.map((name) => name.split(':')[0] ?? name))]
  lines.push('| channel | who may call it | what it does |', '| --- | --- | --- |')
  for (const name of CHANNEL_NAMES) {
    const spec: ChannelSpec = CHANNELS[name]
    const locked = spec.whileLocked ? ' (also while locked)' : ''
    lines.push(
      `| \`${name}\` | ${whoMay(spec.access)}${locked} | ${spec.summary.replaceAll('|', '\\|')} |`
    )
  }
  lines.push('')
  for (const domain of domains) {
    lines.push(`### ${DOMAIN_TITLES[domain] ?? domain}`, '')
    for (const name of CHANNEL_NAMES.filter((n) => n.startsWith(`${domain}:`))) {
      const spec: ChannelSpec = CHANNELS[name]
      lines.push(
        `#### \`${name}\``,
        '',
        `${spec.summary} Who: ${whoMay(spec.access)}${spec.whileLocked ? ', also while the session is locked' : ''}.`,
        '',
        '```ts',
        `request: ${schemaText(spec.request, 'input')}`,
        `response: ${schemaText(spec.response, 'output')}`,
        '```',
        ''
      )
    }
  }
  lines.push('## Events', '', '| event | payload | when |', '| --- | --- | --- |')
  for (const name of EVENT_NAMES) {
    const spec: EventSpec = EVENTS[name]
    lines.push(
      `| \`${name}\` | \`${schemaText(spec.payload, 'output').replaceAll('|', '\\|')}\` | ${spec.summary} |`
    )
  }
  lines.push('', DOC_END, '')
  return lines.join('\n')
}

/**
 * `doc` (docs/IPC.md) with its generated part replaced by the current one;
 * the hand-written part before the start marker is kept as it is.
 */
export function withContractDoc(doc: string): string {
  const start = doc.indexOf(DOC_START)
  const head = start < 0 ? `${doc.trimEnd()}\n\n` : doc.slice(0, start)
  return head + renderContractDoc()
}
