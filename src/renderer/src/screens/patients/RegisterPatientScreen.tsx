import { zodResolver } from '@hookform/resolvers/zod'
import {
  Alert,
  Button,
  Group,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
  Title
} from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { notifications } from '@mantine/notifications'
import dayjs from 'dayjs'
import { useState } from 'react'
import { Controller, useForm, useWatch, type SubmitHandler } from 'react-hook-form'
import type { z } from 'zod'
import { isError } from '../../../../shared/errors'
import { PatientRegisterRequest } from '../../../../shared/ipc/schemas'
import { blankAsUnset } from '../../components/blank-as-unset'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { PLAIN_ERRORS } from '../../components/form-errors'

type FormInput = z.input<typeof PatientRegisterRequest>
type FormOutput = z.output<typeof PatientRegisterRequest>

const ID_DOCUMENTS = [
  { value: 'passport', label: 'Passport' },
  { value: 'id-card', label: 'Identity card' },
  { value: 'driving-licence', label: 'Driving licence' },
  { value: 'none', label: 'None seen' }
]

const EMPTY: FormInput = {
  name: '',
  dateOfBirth: '',
  sex: 'unknown',
  mrn: '',
  consent: 'yes',
  idDocument: 'none',
  address: '',
  phone: ''
}

/**
 * Register a patient: the fields of `mediblock patient add`. The
 * registration is a signed record; its ACK arrives later as record:changed.
 */
export function RegisterPatientScreen() {
  const register = useStore((s) => s.register)
  const navigate = useStore((s) => s.navigate)
  const back = useStore((s) => s.back)
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<FormInput, unknown, FormOutput>({
    resolver: blankAsUnset(zodResolver(PatientRegisterRequest, PLAIN_ERRORS)),
    defaultValues: EMPTY,
    mode: 'onTouched'
  })
  const { errors, isSubmitting } = form.formState
  const consent = useWatch({ control: form.control, name: 'consent' })

  const onSubmit: SubmitHandler<FormOutput> = async (request) => {
    setFailure(null)
    try {
      const { patient, registration } = await register(request)
      notifications.show({
        color: 'teal',
        title: `${patient.name} is registered`,
        message:
          registration.state === 'rejected'
            ? 'The ledger refused the registration: see why on the timeline.'
            : 'The registration is signed and on its way to the ledger; the timeline shows when it is on chain.'
      })
      navigate({ name: 'patient', patientId: patient.id })
    } catch (error) {
      if (isError(error, 'CONFLICT') && /mrn/i.test(messageOf(error))) {
        form.setError('mrn', { message: messageOf(error) }, { shouldFocus: true })
      } else {
        setFailure(messageOf(error))
      }
    }
  }

  return (
    <Stack maw={760} data-testid="register-patient-screen">
      <Title order={1}>Register a patient</Title>
      <form onSubmit={(event) => void form.handleSubmit(onSubmit)(event)} noValidate>
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Full name"
              required
              autoFocus
              autoComplete="off"
              error={errors.name?.message}
              {...form.register('name')}
            />
            <Controller
              control={form.control}
              name="dateOfBirth"
              render={({ field, fieldState }) => (
                <DateInput
                  label="Date of birth"
                  description="YYYY-MM-DD"
                  placeholder="1980-04-02"
                  valueFormat="YYYY-MM-DD"
                  required
                  maxDate={dayjs().format('YYYY-MM-DD')}
                  defaultLevel="decade"
                  value={field.value || null}
                  onChange={(value) => field.onChange(value ?? '')}
                  onBlur={field.onBlur}
                  ref={field.ref}
                  error={fieldState.error?.message}
                />
              )}
            />
            <TextInput
              label="MRN"
              description="Medical record number; optional"
              autoComplete="off"
              error={errors.mrn?.message}
              {...form.register('mrn')}
            />
            <Controller
              control={form.control}
              name="idDocument"
              render={({ field }) => (
                <Select
                  label="Identity document seen"
                  data={ID_DOCUMENTS}
                  allowDeselect={false}
                  value={field.value ?? 'none'}
                  onChange={(value) => field.onChange(value ?? 'none')}
                  onBlur={field.onBlur}
                  ref={field.ref}
                />
              )}
            />
          </SimpleGrid>
          <Controller
            control={form.control}
            name="sex"
            render={({ field }) => (
              <Radio.Group label="Sex" value={field.value ?? 'unknown'} onChange={field.onChange}>
                <Group mt={4}>
                  <Radio value="female" label="Female" />
                  <Radio value="male" label="Male" />
                  <Radio value="other" label="Other" />
                  <Radio value="unknown" label="Not stated" />
                </Group>
              </Radio.Group>
            )}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Textarea
              label="Address"
              autosize
              minRows={2}
              autoComplete="off"
              error={errors.address?.message}
              {...form.register('address')}
            />
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="off"
              error={errors.phone?.message}
              {...form.register('phone')}
            />
          </SimpleGrid>
          <Controller
            control={form.control}
            name="consent"
            render={({ field }) => (
              <Radio.Group
                label="Consent to treatment and record keeping"
                required
                value={field.value}
                onChange={field.onChange}
                error={errors.consent?.message}
              >
                <Group mt={4}>
                  <Radio value="yes" label="Given" />
                  <Radio value="no" label="Refused" />
                </Group>
              </Radio.Group>
            )}
          />
          {consent === 'no' && (
            <Alert color="orange" title="The ledger refuses a registration without consent">
              The patient is kept on this workstation, and the registration shows as refused on
              their timeline.
            </Alert>
          )}
          {failure && (
            <Alert color="red" title="Not registered" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={back}>
              Cancel
            </Button>
            <Button type="submit" loading={isSubmitting}>
              Register
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  )
}
