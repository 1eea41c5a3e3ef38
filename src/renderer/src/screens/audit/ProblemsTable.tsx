import { Anchor, Badge, Button, Code, Collapse, Stack, Text } from '@mantine/core'
import { createColumnHelper } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
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

function DetailCell({
  row,
  open,
  onToggle
}: {
  row: ProblemRow
  open: boolean
  onToggle: () => void
}) {
  const id = `evidence-${row.tid}`
  return (
    <Stack gap={4}>
      <Text size="sm">{row.detail}</Text>
      {row.evidence && (
        <>
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={onToggle}
            aria-expanded={open}
            aria-controls={id}
            style={{ alignSelf: 'flex-start' }}
          >
            {open ? 'Hide evidence' : 'Show evidence'}
          </Button>
          <Collapse expanded={open} id={id}>
            {/* Built only when opened: a long list of problems stays light. */}
            {open && <ProblemEvidence evidence={row.evidence} tid={row.tid} />}
          </Collapse>
        </>
      )}
    </Stack>
  )
}

function columnsFor(role: Role | null, open: Set<string>, toggle: (tid: string) => void) {
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
        <Badge color="red" variant="light" data-kind={info.getValue()}>
          {problemWords(info.getValue())}
        </Badge>
      )
    }),
    helper.accessor('detail', {
      header: 'Detail',
      sortFn: 'text',
      cell: (info) => (
        <DetailCell
          row={info.row.original}
          open={open.has(info.row.original.tid)}
          onToggle={() => toggle(info.row.original.tid)}
        />
      )
    })
  ])
}

/** The problems an audit found: sortable, each opening to its evidence, linked to its patient. */
export function ProblemsTable({ problems }: { problems: ProblemRow[] }) {
  const role = useStore((s) => s.session?.user?.role ?? null)
  const [open, setOpen] = useState<Set<string>>(new Set())
  const columns = useMemo(
    () =>
      columnsFor(role, open, (tid) =>
        setOpen((before) => {
          const after = new Set(before)
          if (!after.delete(tid)) after.add(tid)
          return after
        })
      ),
    [role, open]
  )
  return (
    <SortableTable
      data={problems}
      columns={columns}
      label="Problems found"
      rowKey={(row) => row.tid}
      empty="No problems."
      initialSort={[{ id: 'kind', desc: false }]}
    />
  )
}
