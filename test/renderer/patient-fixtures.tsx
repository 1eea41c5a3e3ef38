import { MantineProvider } from '@mantine/core'
import { act, cleanup, render } from '@testing-library/react'
import labResult from '../../resources/templates/lab-result.json'
import newPatientAssessment from '../../resources/templates/new-patient-assessment.json'
import nursingNote from '../../resources/templates/nursing-note.json'
import registration from '../../resources/templates/patient-registration.json'
import vitalSigns from '../../resources/templates/vital-signs.json'
import { PatientScreen } from '../../src/renderer/src/screens/patient/PatientScreen'
import { useStore } from '../../src/renderer/src/state/store'
import { theme } from '../../src/renderer/src/theme'
import type {
  RecordsSeriesResult,
  SessionState,
  TemplateDetail,
  TemplateSummary,
  TimelineItem
} from '../../src/shared/ipc/schemas'
import { TemplateDefinition } from '../../src/shared/templates'
import type { Role } from '../../src/shared/roles'
import { fakeClient, type Handlers } from './fake-client'
import { INFO, ONLINE, patient } from './fixtures'

/** The default templates the app ships, as `templates:get` answers them. */
export const DETAILS: TemplateDetail[] = [
  vitalSigns,
  newPatientAssessment,
  labResult,
  nursingNote,
  registration
].map((json) => {
  const definition = TemplateDefinition.parse(json)
  return {
    id: definition.id,
    version: definition.version,
    slug: definition.slug,
    title: definition.title,
    roles: [...definition.roles],
    hash: `0x${definition.id.toString(16).padStart(64, '0')}`,
    publishedAt: '2026-01-01T09:00:00.000Z',
    publishedBy: 'admin',
    latest: true,
    definition,
    versions: [definition.version]
  }
})

/** `templates:list`: the summaries of {@link DETAILS}. */
export const SUMMARIES: TemplateSummary[] = DETAILS.map(
  ({ definition: _definition, versions: _versions, ...summary }) => summary
)

export function sessionOf(role: Role): SessionState {
  return { user: { username: role, displayName: `A ${role}`, role }, locked: false }
}

/** The lab-result template's ref, for records built with `record()`. */
export const LAB_REF = { id: 3, version: 1, slug: 'lab-result', title: 'Laboratory result' }

/** An empty series answer for the vital-signs attributes asked. */
export function noSeries(request: { attributes: string[] }): RecordsSeriesResult {
  return {
    template: { slug: 'vital-signs', title: 'Vital signs' },
    series: request.attributes.map((attribute) => ({
      attribute,
      label: attribute,
      unit: null,
      range: null,
      usual: null,
      points: []
    }))
  }
}

/**
 * The patient page of patient p-1 for a user of `role`, against a fake core
 * holding `items` on the timeline and the default templates; `handlers`
 * override any channel.
 */
export async function renderPatientPage(
  role: Role,
  items: TimelineItem[],
  handlers: Handlers = {}
) {
  const client = fakeClient({
    'app:info': () => INFO,
    'session:get': () => sessionOf(role),
    'status:get': () => ONLINE,
    'settings:get': () => ({ autoLockMinutes: 15 }),
    'patients:get': () => ({ patient: patient(), timeline: { items, nextCursor: null } }),
    'templates:list': () => SUMMARIES,
    'templates:get': ({ template }) => {
      const [slug, version] = template.split('@')
      const detail = DETAILS.find(
        (d) => d.slug === slug && (!version || `${d.version}` === version)
      )
      if (!detail) throw new Error(`no template ${template}`)
      return detail
    },
    'records:series': noSeries,
    ...handlers
  })
  await act(() => useStore.getState().start(client))
  act(() => useStore.getState().navigate({ name: 'patient', patientId: 'p-1' }))
  // env="test": menus open at once, without transitions happy-dom would not finish.
  render(
    <MantineProvider theme={theme} env="test">
      <PatientScreen patientId="p-1" />
    </MantineProvider>
  )
  return client
}

/** Unmounts the page and logs its user out, so the next one starts afresh (the store forgets patients). */
export function logOut(): void {
  cleanup()
  act(() => useStore.getState().applySession({ user: null, locked: false }))
  // Templates are kept across logins; tests start without them too.
  act(() => useStore.setState({ templates: {} }))
}
