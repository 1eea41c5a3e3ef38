import type { StateCreator } from 'zustand'
import type { TemplateDetail, TemplateSummary } from '../../../shared/ipc/schemas'
import type { TemplateDefinition } from '../../../shared/templates'
import { clientOf, NOT_LOADED, refreshInto, type Loadable } from './admin-load'
import type { Store } from './store'

/** Templates for the admin: every version, one opened, and publishing. */
export interface AdminTemplatesSlice {
  /** `templates:list` with every version (the screen filters to the latest when asked). */
  templateVersions: Loadable<TemplateSummary[]>
  /** The version the admin opened (`templates:get`, always asked afresh). */
  templateShown: Loadable<TemplateDetail>
  loadTemplateVersions: () => Promise<void>
  showTemplate: (ref: string) => Promise<void>
  closeTemplate: () => void
  /** `templates:publish`; the list is read again and stale copies of the template dropped. */
  publishTemplate: (definition: TemplateDefinition) => Promise<TemplateSummary>
}

export const createAdminTemplatesSlice: StateCreator<Store, [], [], AdminTemplatesSlice> = (
  set,
  get
) => ({
  templateVersions: NOT_LOADED,
  templateShown: NOT_LOADED,
  loadTemplateVersions() {
    return refreshInto(set, get, 'templateVersions', (client) =>
      client.call('templates:list', { allVersions: true })
    )
  },
  showTemplate(ref) {
    return refreshInto(set, get, 'templateShown', (client) =>
      client.call('templates:get', { template: ref })
    )
  },
  closeTemplate() {
    set({ templateShown: NOT_LOADED })
  },
  async publishTemplate(definition) {
    const published = await clientOf(get).call('templates:publish', { definition })
    // The templates slice caches `slug` as the latest version and each version's `latest`
    // flag: drop this template's entries so the entry forms ask again.
    set((s) => ({
      templates: Object.fromEntries(
        Object.entries(s.templates).filter(
          ([ref, detail]) => ref !== published.slug && detail?.slug !== published.slug
        )
      )
    }))
    await get().loadTemplateVersions()
    return published
  }
})
