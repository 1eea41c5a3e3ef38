import { zodResolver } from '@hookform/resolvers/zod'
import { Button, Group, Radio, SegmentedControl, Stack, Text } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import dayjs from 'dayjs'
import { Controller, useForm, useWatch } from 'react-hook-form'
import { PLAIN_ERRORS } from '../../components/form-errors'
import type { AuditScopeChoice, ReportFormat } from '../../state/audit-slice'
import { PatientPicker } from './PatientPicker'
import { AuditScopeForm, EMPTY_SCOPE, scopeOf, type AuditScopeFormValues } from './audit-scope'

const FORMATS = [
  { value: 'html', label: 'HTML' },
  { value: 'csv', label: 'CSV' },
  { value: 'json', label: 'JSON' }
]

/**
 * What to audit (the whole clinic, one patient, records since a day), and
 * the two things to do with it: verify on screen, or download the report.
 */
export function ScopeForm({
  busy,
  onVerify,
  onReport
}: {
  /** An audit is running: both actions wait for it. */
  busy: boolean
  onVerify: (scope: AuditScopeChoice) => void
  onReport: (scope: AuditScopeChoice, format: ReportFormat) => void
}) {
  const form = useForm<AuditScopeFormValues>({
    resolver: zodResolver(AuditScopeForm, PLAIN_ERRORS),
    defaultValues: EMPTY_SCOPE,
    mode: 'onTouched'
  })
  const scope = useWatch({ control: form.control, name: 'scope' })
  const verify = form.handleSubmit((values) => onVerify(scopeOf(values)))
  const report = form.handleSubmit((values) => onReport(scopeOf(values), values.format))

  return (
    <form onSubmit={(event) => void verify(event)} noValidate aria-label="What to audit">
      <Stack gap="sm">
        <Controller
          control={form.control}
          name="scope"
          render={({ field }) => (
            <Radio.Group label="What to check" value={field.value} onChange={field.onChange}>
              <Group mt={4}>
                <Radio value="all" label="The whole clinic" />
                <Radio value="patient" label="One patient" />
                <Radio value="since" label="Records since a day" />
              </Group>
            </Radio.Group>
          )}
        />
        {scope === 'patient' && (
          <Controller
            control={form.control}
            name="patientId"
            render={({ field, fieldState }) => (
              <PatientPicker
                label="Patient"
                required
                value={field.value || null}
                onChange={(id) => field.onChange(id ?? '')}
                onBlur={field.onBlur}
                inputRef={field.ref}
                error={fieldState.error?.message}
              />
            )}
          />
        )}
        {scope === 'since' && (
          <Controller
            control={form.control}
            name="since"
            render={({ field, fieldState }) => (
              <DateInput
                label="Records signed since"
                description="YYYY-MM-DD; from the start of that day"
                placeholder={dayjs().subtract(7, 'day').format('YYYY-MM-DD')}
                valueFormat="YYYY-MM-DD"
                required
                maxDate={dayjs().format('YYYY-MM-DD')}
                value={field.value || null}
                onChange={(value) => field.onChange(value ?? '')}
                onBlur={field.onBlur}
                ref={field.ref}
                error={fieldState.error?.message}
                maw={320}
              />
            )}
          />
        )}
        <Group align="flex-end" justify="space-between">
          <Button type="submit" loading={busy} disabled={busy}>
            Verify
          </Button>
          <Group align="flex-end" gap="xs">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="report-format-label">
                Report format
              </Text>
              <Controller
                control={form.control}
                name="format"
                render={({ field }) => (
                  <SegmentedControl
                    aria-labelledby="report-format-label"
                    data={FORMATS}
                    value={field.value}
                    onChange={field.onChange}
                  />
                )}
              />
            </Stack>
            <Button variant="default" onClick={() => void report()} disabled={busy}>
              Download report
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}
