import { createHash } from 'node:crypto'
import type { Reference, Resource } from '@medplum/fhirtypes'

/**
 * A UUID derived from `parts` (RFC 9562 version 8: SHA-256, the version and
 * variant bits set). The export names every resource this way, from the
 * record's tid and the resource's role in it, so exporting the same patient
 * twice gives the same ids and a receiver can update rather than duplicate.
 */
export function derivedUuid(...parts: readonly string[]): string {
  const bytes = createHash('sha256').update(parts.join('\n')).digest().subarray(0, 16)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = bytes.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The full URL of a resource in the bundle: `urn:uuid:<id>` (every id here is a UUID). */
export function fullUrl(resource: { readonly id?: string }): string {
  return `urn:uuid:${resource.id ?? ''}`
}

/** A reference to a resource of the bundle, by its full URL. */
export function referenceTo<T extends Resource>(resource: T): Reference<T> {
  return { reference: fullUrl(resource) }
}
