import { Accordion, Anchor, Badge, Code, Stack, Text, Title } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo } from 'react'
import type { AuditProblem } from '../../../../shared/ipc/schemas'
import type { Role } from '../../../../shared/roles'
import { problemWords } from '../../components/RecordStatus'
import { SortableTable, type sortableFeatures } from '../../components/SortableTable'
import { canOpen } from '../../state/navigation-slice'
import { useStore } from '../../state/store'
import { ProblemEvidence } from './ProblemEvidence'

/** A problem with the patient it belongs to, where this workstation knows. */
export interface ProblemRow extends AuditProblem {
  patientId: string | null
  patientName: string | null
}

const helper = createColumnHelper<typeof sortableFeatures, ProblemRow>()

function PatientCell({ row, role }: { row: ProblemRow; role: Role | null }) {
  const navigate = useStore((s) => s.navigate)
  if (!row.patientId) return <Text size="sm">Not on this workstation</Text>
  const name = row.patientName ?? `Patient ${row.patientId.slice(0, 8)}…`
  if (!role || !canOpen(role, { name: 'patient', patientId: row.patientId })) return name
  const patientId = row.patientId
  return (
    <Anchor
      component="button"
      type="button"
      size="sm"
      onClick={() => navigate({ name: 'patient', patientId })}
      aria-label={`Open ${name}`}
    >
      {name}
    </Anchor>
  )
}

function columnsFor(role: Role | null) {
  return helper.columns([
    helper.accessor('tid', {
      header: 'Record (tid)',
      sortFn: 'basic',
      cell: (info) => (
        <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{info.getValue()}</Code>
      )
    }),
    helper.accessor((row) => row.patientName ?? row.patientId ?? '', {
      id: 'patient',
      header: 'Patient',
      sortFn: 'text',
      cell: (info) => <PatientCell row={info.row.original} role={role} />
    }),
    helper.accessor('kind', {
      header: 'Problem',
      sortFn: 'basic',
      cell: (info) => (
        <Badge color="red" variant="light" tt="none" maw="none" data-kind={info.getValue()}>
          {problemWords(info.getValue())}
        </Badge>
      )
    }),
    helper.accessor('detail', { header: 'Detail', sortFn: 'text' })
  ])
}

/**
 * The problems an audit found: a sortable table (record, patient linked to
 * their page, the problem in words, the detail), then each problem's
 * evidence, opened one by one so a long list stays readable.
 */
export function ProblemsTable({ problems }: { problems: ProblemRow[] }) {
  const role = useStore((s) => s.session?.user?.role ?? null)
  const columns = useMemo(() => columnsFor(role), [role])
  const withEvidence = problems.filter((p) => p.evidence)
  return (
    <Stack gap="sm">
      <SortableTable
        data={problems}
        columns={columns}
        label="Problems found"
        rowKey={(row) => row.tid}
        empty="No problems."
        initialSort={[{ id: 'kind', desc: false }]}
      />
      {withEvidence.length > 0 && (
        <Stack gap={4} component="section" aria-labelledby="evidence-heading">
          <Title order={3} id="evidence-heading">
            Evidence
          </Title>
          <Text size="sm" c="dimmed">
            What the chain anchors against what the cloud row holds: facts a third party can check.
          </Text>
          <Accordion multiple variant="separated" chevronPosition="left">
            {withEvidence.map((p) => (
              <Accordion.Item key={p.tid} value={p.tid} data-testid="evidence-item">
                <Accordion.Control>
                  Evidence for record {p.tid}: {problemWords(p.kind)}
                </Accordion.Control>
                <Accordion.Panel>
                  {p.evidence && <ProblemEvidence evidence={p.evidence} tid={p.tid} />}
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        </Stack>
      )}
    </Stack>
  )
}
