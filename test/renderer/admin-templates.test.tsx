import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { TemplatesScreen } from '../../src/renderer/src/screens/admin/templates/TemplatesScreen'
import { readingText } from '../../src/renderer/src/screens/admin/templates/rule-text'
import { NOT_LOADED } from '../../src/renderer/src/state/admin-load'
import { useStore } from '../../src/renderer/src/state/store'
import type { TemplateDetail, TemplateSummary } from '../../src/shared/ipc/schemas'
import { TemplateDefinition } from '../../src/shared/templates'
import { renderAdmin } from './admin-fixtures'

const VITALS = TemplateDefinition.parse(
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../../resources/templates/vital-signs.json'), 'utf8')
  )
)

function summary(version: number, latest: boolean): TemplateSummary {
  return {
    id: 1,
    version,
    slug: 'vital-signs',
    title: 'Vital signs',
    roles: ['doctor', 'nurse'],
    hash: `0x${String(version).repeat(64)}`,
    publishedAt: '2026-01-02T10:00:00.000Z',
    publishedBy: 'alice',
    latest
  }
}

const V1: TemplateDetail = { ...summary(1, true), definition: VITALS, versions: [1] }

afterEach(() =>
  useStore.setState({ templateVersions: NOT_LOADED, templateShown: NOT_LOADED, templates: {} })
)

/** The screen with vital signs version 1 published, and publishing that answers version 2. */
function renderTemplates() {
  let versions = [summary(1, true)]
  const client = renderAdmin(<TemplatesScreen />, {
    'templates:list': () => versions,
    'templates:get': () => V1,
    'templates:publish': ({ definition }) => {
      versions = [summary(1, false), summary(definition.version, true)]
      return versions[1]!
    }
  })
  return client
}

describe('templates', () => {
  it('lists the latest versions (every version on request) and shows one version with its rules in words', async () => {
    const client = renderTemplates()
    await screen.findByRole('cell', { name: 'vital-signs' })
    expect(client.callsTo('templates:list')).toEqual([{ allVersions: true }])
    fireEvent.click(screen.getByRole('button', { name: 'View vital-signs version 1' }))
    await screen.findByRole('heading', { name: 'Vital signs, version 1' })
    expect(client.callsTo('templates:get')).toEqual([{ template: 'vital-signs@1' }])
    const attributes = screen.getByRole('table', { name: 'Attributes' })
    const heartRate = within(attributes).getByText('Heart rate').closest('tr')!
    expect(heartRate.textContent).toMatch(
      /number.*\/min.*required.*must be between 20 and 250 \/min/
    )
    expect(heartRate.textContent).toMatch(/usual 51 to 90 \/min \(NEWS2 score 0\)$/)
    const temperature = within(attributes).getByText('Body temperature').closest('tr')!
    expect(temperature.textContent).toMatch(/number with 1 decimal.*Cel.*between 30 and 45 Cel/)
    expect(screen.getByRole('table', { name: 'About this version' }).textContent).toMatch(
      /Who may use itdoctor, nurse/
    )
  })

  it("publishes a new version made in the form, checked with the core's schema first", async () => {
    const client = renderTemplates()
    fireEvent.click(await screen.findByRole('button', { name: 'View vital-signs version 1' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Make a new version' }))
    await screen.findByRole('heading', { name: 'New version of Vital signs' })
    const heartRate = screen.getByRole('group', { name: 'Heart rate (heartRate)' })
    const highest = within(heartRate).getByLabelText('Highest the ledger accepts (/min)')
    // Below the lowest: the shared schema refuses it before anything is sent.
    fireEvent.change(highest, { target: { value: '10' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish version 2' }))
    await within(heartRate).findByText('range does not fit int16 once scaled')
    expect(client.callsTo('templates:publish')).toHaveLength(0)

    fireEvent.change(highest, { target: { value: '240' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish version 2' }))
    const published = await screen.findByTestId('template-published')
    expect(published.textContent).toMatch(/Published Vital signs, version 2/)
    const [request] = client.callsTo('templates:publish') as { definition: TemplateDefinition }[]
    expect(request!.definition.version).toBe(2)
    // What the form does not edit goes on as it was: the usual range, say.
    expect(request!.definition.attributes[0]!.usualRange).toEqual({
      low: 51,
      high: 90,
      source: 'NEWS2 score 0'
    })
    expect(request!.definition.attributes[0]!.onChain).toEqual({
      kind: 'range',
      min: 20,
      max: 240,
      optional: false
    })
    // Listed again: version 2 is the latest.
    fireEvent.click(screen.getByRole('switch', { name: 'Show every version' }))
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'View vital-signs version 2' })).toBeTruthy()
    )
    expect(screen.getByRole('button', { name: 'View vital-signs version 1' })).toBeTruthy()
  })

  it('checks a definition typed as JSON with the same schema and names what is wrong', async () => {
    const client = renderTemplates()
    fireEvent.click(await screen.findByRole('button', { name: 'View vital-signs version 1' }))
    fireEvent.click(await screen.findByRole('button', { name: 'Make a new version' }))
    fireEvent.click(await screen.findByText('JSON'))
    const editor = screen.getByLabelText<HTMLTextAreaElement>('The definition')
    const draft = JSON.parse(editor.value) as TemplateDefinition
    expect(draft.version).toBe(2)
    draft.roles = []
    fireEvent.change(editor, { target: { value: JSON.stringify(draft) } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish version 2' }))
    const problems = await screen.findByRole('alert')
    expect(problems.textContent).toMatch(/The definition is not valid.*roles/)
    // Back to the form is refused while the JSON is not a valid definition.
    fireEvent.click(screen.getByText('Form'))
    expect(screen.getByLabelText('The definition')).toBeTruthy()

    fireEvent.change(editor, { target: { value: '{ not json' } })
    fireEvent.click(screen.getByRole('button', { name: 'Publish version 2' }))
    await screen.findByText(/Not valid JSON/)
    expect(client.callsTo('templates:publish')).toHaveLength(0)

    draft.roles = ['nurse']
    fireEvent.change(editor, { target: { value: JSON.stringify(draft) } })
    fireEvent.click(screen.getByText('Form'))
    const nurses = await screen.findByRole('checkbox', { name: 'Nurses' })
    expect((nurses as HTMLInputElement).checked).toBe(true)
    expect(screen.getByRole<HTMLInputElement>('checkbox', { name: 'Doctors' }).checked).toBe(false)
  })
})

describe('readingText', () => {
  it('says the critical limits of a lab value with the test by name', () => {
    const lab = TemplateDefinition.parse(
      JSON.parse(
        readFileSync(join(import.meta.dirname, '../../resources/templates/lab-result.json'), 'utf8')
      )
    )
    const value = lab.attributes.find((a) => a.key === 'value')!
    const lines = readingText(value, lab.attributes)
    expect(lines).toHaveLength(10)
    expect(lines[0]).toBe(
      'critical when test is Glucose [Mass/volume] in Serum or Plasma and unit is mg/dL: at or below 40, at or above 450'
    )
    expect(lines[4]).toBe(
      'critical when test is Creatinine [Mass/volume] in Serum or Plasma and unit is mg/dL: at or above 7.4'
    )
    expect(readingText(lab.attributes[0]!, lab.attributes)).toEqual([])
  })
})
