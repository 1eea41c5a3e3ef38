import type { StateCreator } from 'zustand'
import type { TemplateDetail } from '../../../shared/ipc/schemas'
import type { Store } from './store'

/** Templates as the core's TTM has them, fetched once each and kept. */
export interface TemplatesSlice {
  /** By `slug@version`, and by `slug` for the latest version. `null`: asked, and not found. */
  templates: Record<string, TemplateDetail | null>
  /** Fetches `vital-signs` (latest) or `vital-signs@2` unless it is already here or on its way. */
  loadTemplate: (ref: string) => Promise<TemplateDetail | null>
}

export const createTemplatesSlice: StateCreator<Store, [], [], TemplatesSlice> = (set, get) => {
  const inFlight = new Map<string, Promise<TemplateDetail | null>>()
  return {
    templates: {},
    loadTemplate(ref) {
      const known = get().templates[ref]
      if (known !== undefined) return Promise.resolve(known)
      const pending = inFlight.get(ref)
      if (pending) return pending
      const { client } = get()
      if (!client) return Promise.resolve(null)
      const request = client
        .call('templates:get', { template: ref })
        .then(
          (detail) => {
            set((s) => ({
              templates: {
                ...s.templates,
                [ref]: detail,
                [`${detail.slug}@${detail.version}`]: detail,
                ...(detail.latest ? { [detail.slug]: detail } : {})
              }
            }))
            return detail
          },
          () => {
            // Not found, or not allowed: screens fall back to the raw keys.
            set((s) => ({ templates: { ...s.templates, [ref]: null } }))
            return null
          }
        )
        .finally(() => inFlight.delete(ref))
      inFlight.set(ref, request)
      return request
    }
  }
}
