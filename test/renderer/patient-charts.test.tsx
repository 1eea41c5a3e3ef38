import { act, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { chartGroups } from '../../src/renderer/src/screens/patient/charts/vital-groups'
import type { RecordsSeriesResult } from '../../src/shared/ipc/schemas'
import { TemplateDefinition } from '../../src/shared/templates'
import vitalSigns from '../../resources/templates/vital-signs.json'
import { record } from './fixtures'
import { LAB_REF, logOut, renderPatientPage } from './patient-fixtures'

afterEach(logOut)

type Point = RecordsSeriesResult['series'][number]['points'][number]

const VITALS = TemplateDefinition.parse(vitalSigns)

/** Vital signs over time as the core answers them: labels, units and ranges from the default template. */
function seriesOf(points: { heartRate: Point[]; systolic: Point[]; diastolic: Point[] }) {
  return (request: { attributes: string[] }): RecordsSeriesResult => ({
    template: { slug: 'vital-signs', title: 'Vital signs' },
    series: request.attributes.map((key) => {
      const attribute = VITALS.attributes.find((a) => a.key === key)
      const rule = attribute?.onChain
      return {
        attribute: key,
        label: attribute?.label ?? key,
        unit: attribute?.unit ?? null,
        range: rule?.kind === 'range' ? { min: rule.min, max: rule.max } : null,
        usual: attribute?.usualRange ?? null,
        points: points[key as keyof typeof points] ?? []
      }
    })
  })
}

const at = (tid: number, time: string, value: number): Point => ({
  tid: `0x${tid.toString(16).padStart(64, '0')}`,
  time,
  value,
  state: 'synced'
})

describe('vital-sign charts', () => {
  it('asks for every numeric attribute of the vital-signs template and draws a chart per sign, blood pressure together', async () => {
    const client = await renderPatientPage('doctor', [], {
      'records:series': seriesOf({
        heartRate: [at(1, '2026-01-02T10:00:00', 72), at(2, '2026-01-03T10:00:00', 96)],
        systolic: [at(1, '2026-01-02T10:00:00', 120)],
        diastolic: [at(1, '2026-01-02T10:00:00', 80)]
      })
    })
    const charts = await screen.findAllByTestId('vital-chart')
    expect(client.callsTo('records:series')).toEqual([
      {
        patientId: 'p-1',
        template: 'vital-signs',
        attributes: [
          'heartRate',
          'systolic',
          'diastolic',
          'temperature',
          'respiratoryRate',
          'spo2',
          'weight',
          'pain'
        ]
      }
    ])
    // Only signs with readings get a chart.
    expect(charts.map((chart) => chart.getAttribute('data-attributes'))).toEqual([
      'heartRate',
      'systolic diastolic'
    ])
    const heart = within(charts[0]!)
    expect(heart.getByRole('heading', { name: 'Heart rate (/min)' })).toBeTruthy()
    // The text alternative: latest reading, the usual range it is outside, and the ledger's range.
    expect(heart.getByTestId('chart-summary').textContent).toBe(
      'Heart rate: latest 96 /min on 3 Jan 2026, 10:00, 2 readings; usual range 51–90 /min (NEWS2 score 0; latest is outside it); the ledger accepts 20–250 /min.'
    )
    const readings = heart.getByRole('table')
    expect(
      within(readings)
        .getAllByRole('row')
        .map((row) => row.textContent)
    ).toEqual(['TimeHeart rate', '3 Jan 2026, 10:0096 /min', '2 Jan 2026, 10:0072 /min'])
    const pressure = within(charts[1]!)
    expect(pressure.getByRole('heading', { name: 'Blood pressure (mmHg)' })).toBeTruthy()
    expect(pressure.getByTestId('chart-summary').textContent).toMatch(
      /^Systolic blood pressure: latest 120 mmHg .* Diastolic blood pressure: latest 80 mmHg .*the ledger accepts 20–160 mmHg\.$/
    )
  })

  it('shades the usual range the template names, and none where it names none', async () => {
    const readings = {
      heartRate: [at(1, '2026-01-02T10:00:00', 110)],
      systolic: [at(1, '2026-01-02T10:00:00', 120)],
      diastolic: [at(1, '2026-01-02T10:00:00', 80)]
    }
    const defaults = seriesOf(readings)
    await renderPatientPage('doctor', [], {
      'records:series': (request) => {
        const answer = defaults(request)
        return {
          ...answer,
          // A children's clinic's version: its own heart-rate range, no usual range for blood pressure.
          series: answer.series.map((one) =>
            one.attribute === 'heartRate'
              ? { ...one, usual: { low: 80, high: 140, source: 'clinic paediatric range' } }
              : { ...one, usual: null }
          )
        }
      }
    })
    const [heart, pressure] = await screen.findAllByTestId('vital-chart')
    expect(within(heart!).getByTestId('chart-summary').textContent).toMatch(
      /; usual range 80–140 \/min \(clinic paediatric range; latest is within it\);/
    )
    expect(within(pressure!).getByTestId('chart-summary').textContent).not.toMatch(/usual range/)
  })

  it('says so when there are no vital signs yet', async () => {
    await renderPatientPage('doctor', [])
    await screen.findByText('No vital signs recorded yet.')
    expect(screen.queryAllByTestId('vital-chart')).toEqual([])
  })

  it('reads the series again when a new vital-signs record is accepted, and not for other templates', async () => {
    let heartRate = [at(1, '2026-01-02T10:00:00', 72)]
    const first = record({ state: 'synced' })
    const fresh = record({ state: 'anchored', signedAt: '2026-01-04T10:00:00' })
    const lab = record({ template: LAB_REF, state: 'anchored' })
    let newest = [first]
    const client = await renderPatientPage('doctor', [first], {
      'records:series': (request) => seriesOf({ heartRate, systolic: [], diastolic: [] })(request),
      'records:list': () => ({ items: newest, nextCursor: null })
    })
    await screen.findByText(/^Heart rate: latest 72 \/min/)
    expect(client.callsTo('records:series')).toHaveLength(1)

    // A lab result reaching the chain leaves the vital signs alone.
    newest = [lab, first]
    act(() =>
      client.emit('record:changed', {
        tid: lab.tid,
        patientId: 'p-1',
        state: 'anchored',
        rejection: null,
        at: '2026-01-04T10:00:01'
      })
    )
    await screen.findByTestId('lab-results')
    expect(client.callsTo('records:series')).toHaveLength(1)

    // A vital-signs record this window has not seen: the timeline and the chart read it.
    heartRate = [...heartRate, at(3, '2026-01-04T10:00:00', 110)]
    newest = [fresh, lab, first]
    act(() =>
      client.emit('record:changed', {
        tid: fresh.tid,
        patientId: 'p-1',
        state: 'anchored',
        rejection: null,
        at: '2026-01-04T10:00:02'
      })
    )
    await screen.findByText(/^Heart rate: latest 110 \/min on 4 Jan 2026, 10:00, 2 readings/)
    expect(client.callsTo('records:series')).toHaveLength(2)
  })
})

describe('chart groups', () => {
  it('puts systolic and diastolic together where both are, and every other sign alone', () => {
    const one = (attribute: string) => ({
      attribute,
      label: attribute,
      unit: null,
      range: null,
      usual: null,
      points: []
    })
    const groups = chartGroups([
      one('heartRate'),
      one('systolic'),
      one('temperature'),
      one('diastolic')
    ])
    expect(groups.map((g) => [g.title, g.series.map((s) => s.attribute)])).toEqual([
      ['heartRate', ['heartRate']],
      ['Blood pressure', ['systolic', 'diastolic']],
      ['temperature', ['temperature']]
    ])
    expect(chartGroups([one('systolic')]).map((g) => g.title)).toEqual(['systolic'])
  })
})
