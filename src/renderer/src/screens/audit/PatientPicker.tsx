import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { useEffect, useState, type Ref } from 'react'
import type { PatientSummary } from '../../../../shared/ipc/schemas'
import { formatDate } from '../../components/format'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { SEARCH_DEBOUNCE_MS } from '../patients/PatientsScreen'

/** Patients offered at once; typing narrows them. */
const PICK_LIMIT = 20

/** How a patient reads in the list: name, MRN and date of birth tell namesakes apart. */
export function patientLabel(patient: PatientSummary): string {
  return [
    patient.name,
    patient.mrn ? `MRN ${patient.mrn}` : null,
    `born ${formatDate(patient.dateOfBirth)}`
  ]
    .filter(Boolean)
    .join(' · ')
}

/**
 * Choose one patient by typing part of a name, MRN or date of birth
 * (`patients:search`, as the patients screen does). The value is the
 * patient's id. Its own state: the patients screen's search is left alone.
 */
export function PatientPicker({
  label,
  value,
  onChange,
  onBlur,
  error,
  required,
  inputRef
}: {
  label: string
  value: string | null
  onChange: (patientId: string | null) => void
  onBlur?: () => void
  error?: string | undefined
  required?: boolean
  inputRef?: Ref<HTMLInputElement>
}) {
  const client = useStore((s) => s.client)
  const [search, setSearch] = useState('')
  const [query] = useDebouncedValue(search, SEARCH_DEBOUNCE_MS)
  const [found, setFound] = useState<PatientSummary[]>([])
  const [failure, setFailure] = useState<string | null>(null)

  useEffect(() => {
    if (!client) return
    let current = true
    client
      .call('patients:search', { query, limit: PICK_LIMIT })
      .then((answer) => {
        if (!current) return
        setFound((before) => {
          // Keep the chosen patient among the options, so its label stays shown.
          const chosen = before.find((p) => p.id === value)
          const fresh = answer.patients
          return chosen && !fresh.some((p) => p.id === chosen.id) ? [chosen, ...fresh] : fresh
        })
        setFailure(null)
      })
      .catch((e: unknown) => {
        if (current) setFailure(messageOf(e))
      })
    return () => {
      current = false
    }
    // `value` is read only to keep the chosen one; a new choice needs no new search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, query])

  return (
    <Select
      label={label}
      placeholder="Type a name, MRN or date of birth"
      searchable
      clearable
      required={required}
      data={found.map((p) => ({ value: p.id, label: patientLabel(p) }))}
      // The core has searched already (name, MRN, date of birth): show what it found.
      filter={({ options }) => options}
      searchValue={search}
      onSearchChange={setSearch}
      value={value}
      onChange={onChange}
      onBlur={onBlur}
      ref={inputRef}
      nothingFoundMessage={failure ?? 'No patient matches.'}
      error={error}
      w={380}
    />
  )
}
