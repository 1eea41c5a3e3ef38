import { keccak256, toUtf8Bytes } from 'ethers'
import type { TemplateDefinition } from './template-schema'

/** JSON with object keys sorted at every level: one text per definition. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/**
 * keccak256 of the canonical JSON of a parsed definition (defaults filled in), published on
 * chain with the template so that every record names the exact definition it was made with.
 */
export function templateHash(def: TemplateDefinition): string {
  return keccak256(toUtf8Bytes(canonicalJson(def)))
}
