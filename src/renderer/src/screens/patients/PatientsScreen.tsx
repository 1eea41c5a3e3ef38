import { Alert, Anchor, Button, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedCallback } from '@mantine/hooks'
import { createColumnHelper } from '@tanstack/react-table'
import { useEffect } from 'react'
import type { PatientSummary, TemplateDetail } from '../../../../shared/ipc/schemas'
import type { Role } from '../../../../shared/roles'
import { ageOf, formatDate } from '../../components/format'
import { SortableTable, type sortableFeatures } from '../../components/SortableTable'
import { isClinical } from '../../state/navigation-slice'
import { useStore } from '../../state/store'

/** The template a registration is signed under; its roles say who may register patients. */
export const REGISTRATION_TEMPLATE = 'patient-registration'

/**
 * Whether `role` may register patients: the registration template's roles
 * (what the ledger enforces) once known; any clinician if it cannot be read.
 */
export function mayRegister(
  role: Role | undefined,
  registration: TemplateDetail | null | undefined
) {
  if (!role || !isClinical(role) || registration === undefined) return false
  return registration === null || registration.roles.includes(role)
}

/** Wait this long after the last keystroke before asking the core. */
export const SEARCH_DEBOUNCE_MS = 250

const SEX_LABELS: Record<PatientSummary['sex'], string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Not stated'
}

const helper = createColumnHelper<typeof sortableFeatures, PatientSummary>()

function PatientLink({ patient }: { patient: PatientSummary }) {
  const navigate = useStore((s) => s.navigate)
  return (
    <Anchor
      component="button"
      type="button"
      fw={600}
      onClick={() => navigate({ name: 'patient', patientId: patient.id })}
    >
      {patient.name}
    </Anchor>
  )
}

const columns = helper.columns([
  helper.accessor('name', {
    header: 'Name',
    sortFn: 'text',
    cell: (info) => <PatientLink patient={info.row.original} />
  }),
  helper.accessor('dateOfBirth', {
    header: 'Date of birth',
    sortFn: 'basic',
    cell: (info) => {
      const age = ageOf(info.getValue())
      return `${formatDate(info.getValue())}${age === null ? '' : ` (${age})`}`
    }
  }),
  helper.accessor('sex', {
    header: 'Sex',
    sortFn: 'basic',
    cell: (info) => SEX_LABELS[info.getValue()]
  }),
  helper.accessor((patient) => patient.mrn ?? '', {
    id: 'mrn',
    header: 'MRN',
    sortFn: 'alphanumeric',
    cell: (info) => info.getValue() || '—'
  })
])

/** Find a patient as you type (name, MRN or date of birth), or register a new one. */
export function PatientsScreen() {
  const role = useStore((s) => s.session?.user?.role)
  const query = useStore((s) => s.query)
  const setQuery = useStore((s) => s.setQuery)
  const search = useStore((s) => s.search)
  const results = useStore((s) => s.results)
  const total = useStore((s) => s.total)
  const searching = useStore((s) => s.searching)
  const searchError = useStore((s) => s.searchError)
  const searchedFor = useStore((s) => s.searchedFor)
  const navigate = useStore((s) => s.navigate)
  const locked = useStore((s) => s.session?.locked ?? false)
  const registration = useStore((s) => s.templates[REGISTRATION_TEMPLATE])
  const loadTemplate = useStore((s) => s.loadTemplate)
  const debouncedSearch = useDebouncedCallback(
    (text: string) => void search(text),
    SEARCH_DEBOUNCE_MS
  )

  useEffect(() => {
    void loadTemplate(REGISTRATION_TEMPLATE)
  }, [loadTemplate])

  useEffect(() => {
    // First visit: list patients by name. Coming back: the last results are still here.
    // Opened under the lock (a reload while locked): once unlocked.
    if (!locked && searchedFor === null) void search(query)
  }, [locked, searchedFor, search, query])

  const summary =
    searchedFor === null
      ? ''
      : total === 0
        ? searchedFor.trim()
          ? `No patient matches “${searchedFor.trim()}”.`
          : 'No patients registered yet.'
        : total > results.length
          ? `Showing ${results.length} of ${total} patients.`
          : `${total} ${total === 1 ? 'patient' : 'patients'}.`

  return (
    <Stack data-testid="patients-screen">
      <Group justify="space-between">
        <Title order={1}>Patients</Title>
        {mayRegister(role, registration) && (
          <Button onClick={() => navigate({ name: 'register-patient' })}>Register a patient</Button>
        )}
      </Group>
      <TextInput
        type="search"
        label="Search patients"
        description="Any part of a name, an MRN, or a date of birth (1980, 1980-04, 04-02)."
        value={query}
        onChange={(event) => {
          setQuery(event.currentTarget.value)
          debouncedSearch(event.currentTarget.value)
        }}
        rightSection={searching ? <Loader size="xs" aria-label="Searching" /> : null}
        autoFocus
        maw={520}
      />
      <Text size="sm" role="status" aria-live="polite" data-testid="search-summary">
        {summary}
      </Text>
      {searchError && (
        <Alert color="red" title="Search failed" role="alert">
          {searchError}
        </Alert>
      )}
      <SortableTable
        label="Patients found"
        data={results}
        columns={columns}
        rowKey={(patient) => patient.id}
        empty={searchedFor === null ? 'Searching…' : 'Nobody to show.'}
      />
    </Stack>
  )
}
